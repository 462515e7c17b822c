package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.5: {@code E X_{n,1}² → σ² = tᵀΣ_p̊ t} (Definition 3.1 (B)), judged with the proven finite-width
 * allowance {@code W m4/n} ({@link ScoreMomentCheck#sharpSecondMomentBias}). Two estimates of the same mean:
 * the conditional second moment {@code E[X²|x]} (Isserlis in the empirical Gram, Rao–Blackwellised: its
 * variance is {@code O(1/n)} instead of {@code 8σ⁴}) and the direct {@code X²}.
 */
public final class LemmaD5Check extends ScoreMomentCheck {

    /** @param cases the arrays to check (tests pass deliberately wrong limits) */
    public LemmaD5Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD5Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d5";
    }

    @Override
    public String statement() {
        return "Lemma D.5";
    }

    @Override
    public String claim() {
        return "E X_{n,1}^2 -> sigma^2 = t' Sigma_p t";
    }

    @Override
    List<CheckResult.Row> rows(ScoreCase c, int n, ScoreArraySampler.Pairs d, double eps) {
        double sigma2 = c.variance();
        double allowance = sharpSecondMomentBias(c) / n;
        Sample rb = Sample.of(d.conditional());
        Sample direct = Sample.of(d.x1(), x -> x * x);
        return List.of(
                CheckResult.Row.check(c.name(), "E X_{n,1}^2 (as E[E[X^2|x]])", n, rb.mean(), rb.halfWidth(), sigma2,
                        allowance, sigma2, eps),
                CheckResult.Row.check(c.name(), "E X_{n,1}^2 (direct)", n, direct.mean(), direct.halfWidth(), sigma2,
                        allowance, sigma2, eps));
    }

    @Override
    String note() {
        return "allowance W m4 / n, the proven bias (W: the non-vanishing Isserlis products, m4 = E phi(Z)^4); "
                + "E[E[X^2|x]] (Isserlis given the inputs) has the same mean as X^2 and a far smaller variance";
    }
}
