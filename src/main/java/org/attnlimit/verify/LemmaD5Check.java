package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.5: {@code E X_{n,1}² → σ² = tᵀΣ_p̊ t} (Definition 3.1 (B)), judged with the finite-width
 * allowance {@code 2c⁴T²/n} (see {@link ScoreMomentCheck}).
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
    CheckResult.Row row(ScoreCase c, int n, ScoreArraySampler.Pairs d) {
        Sample s = Sample.of(d.x1(), x -> x * x);
        return CheckResult.Row.interval(c.name(), "E X_{n,1}^2", n, s.mean(), s.halfWidth(), c.variance(),
                secondMomentBias(c) / n, true);
    }

    @Override
    String note() {
        return "allowance 2c^4 T^2 / n: the proven O(1/n) bias for |phi| <= c";
    }
}
