package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.8: {@code E|X_{n,1}|³ = o(√n)}. The proof bounds {@code E|X|³ ≤ (E X⁴)^{3/4}} uniformly in
 * {@code n}; with {@code |φ| ≤ c}, Hölder and the Gaussian eighth moment ({@code 105 s⁸}) give
 * {@code E|X|³ ≤ M = 105^{3/4} c⁶ T³}, so each row shows {@code E|X|³/√n ≤ M/√n → 0}. An illustration:
 * that bound is the lemma's, about 90 times the estimate, and no sharper one is proven here.
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
    List<CheckResult.Row> rows(ScoreCase c, int n, ScoreArraySampler.Pairs d, double eps) {
        double root = Math.sqrt(n);
        Sample s = Sample.of(d.x1(), x -> Math.abs(x * x * x) / root);
        double t = c.weightScale();
        double c2 = c.bound() * c.bound();
        double bound = Math.pow(105, 0.75) * c2 * c2 * c2 * t * t * t;
        return List.of(CheckResult.Row.illustration(c.name(), "E|X_{n,1}|^3 / sqrt(n) (illustration)", n, s.mean(),
                s.halfWidth(), 0, bound / root, bound / root));
    }

    @Override
    String note() {
        return "illustration, not a check: the lemma's own bound M/sqrt(n), M = 105^{3/4} c^6 T^3, is about 90 times the "
                + "estimate, so no plausible error could exceed it; the estimate times sqrt(n) stays bounded";
    }
}
