package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.8: {@code E|X_{n,1}|³ = o(√n)}. The proof bounds {@code E|X|³ ≤ (E X⁴)^{3/4}} uniformly in
 * {@code n}; with {@code |φ| ≤ c}, Hölder and the Gaussian eighth moment ({@code 105 s⁸}) give
 * {@code E|X|³ ≤ M = 105^{3/4} c⁶ T³}, so each row checks {@code E|X|³/√n ≤ M/√n → 0}.
 */
public final class LemmaD8Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD8Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD8Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d8";
    }

    @Override
    public String statement() {
        return "Lemma D.8";
    }

    @Override
    public String claim() {
        return "E|X_{n,1}|^3 / sqrt(n) -> 0";
    }

    @Override
    CheckResult.Row row(ScoreCase c, int n, ScoreArraySampler.Pairs d) {
        double root = Math.sqrt(n);
        Sample s = Sample.of(d.x1(), x -> Math.abs(x * x * x) / root);
        double t = c.weightScale();
        double c2 = c.bound() * c.bound();
        double bound = Math.pow(105, 0.75) * c2 * c2 * c2 * t * t * t;
        return CheckResult.Row.interval(c.name(), "E|X_{n,1}|^3 / sqrt(n)", n, s.mean(), s.halfWidth(), 0,
                bound / root, true);
    }

    @Override
    String note() {
        return "allowance M/sqrt(n), M = 105^{3/4} c^6 T^3 the uniform bound on E|X|^3; the estimate times sqrt(n) stays bounded";
    }
}
