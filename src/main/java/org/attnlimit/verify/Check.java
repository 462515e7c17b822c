package org.attnlimit.verify;

/**
 * One numerical check of a statement of the paper's proof: it estimates a quantity at several widths
 * {@code n}, compares each estimate (with a confidence interval) with the value the statement
 * predicts, and returns a verdict. One class per statement ({@code LemmaD7Check}, …).
 */
public interface Check {

    /** @return the check's name on the command line, e.g. {@code lemma-d7} */
    String name();

    /** @return the statement it illustrates, with the paper's number, e.g. {@code Lemma D.7} */
    String statement();

    /** @return the claim in one line, e.g. {@code E[X_{n,1}^2 X_{n,2}^2] -> sigma^4} */
    String claim();

    /** Runs the check with the given budget (widths, samples, seed). */
    CheckResult run(Settings settings);
}
