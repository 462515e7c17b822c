package org.attnlimit.verify;

import java.util.List;

/**
 * Lemma D.7: {@code E X_{n,1}²X_{n,2}² → σ⁴}. Given the inputs the two coordinates are iid, so the moment
 * is {@code E S²} with {@code S = E[X²|x]} (Isserlis in the empirical Gram); the check estimates it that way
 * and allows the proven bias of {@link #allowance} (about 15 times sharper than the earlier
 * {@code (16c⁸T⁴ + 4σ²c⁴T²)/n} for {@code clip_1}). Rows whose interval plus allowance exceeds 10% of
 * {@code σ⁴} (small widths, the mixed {@code t}) are illustrations: that is the lemma's own bound.
 */
public final class LemmaD7Check extends ScoreMomentCheck {

    /** @param cases the arrays to check */
    public LemmaD7Check(List<ScoreCase> cases) {
        super(cases);
    }

    /** The standard cases. */
    public LemmaD7Check() {
        this(ScoreCase.standard());
    }

    @Override
    public String name() {
        return "lemma-d7";
    }

    @Override
    public String statement() {
        return "Lemma D.7";
    }

    @Override
    public String claim() {
        return "E X_{n,1}^2 X_{n,2}^2 -> sigma^4";
    }

    @Override
    List<CheckResult.Row> rows(ScoreCase c, int n, ScoreArraySampler.Pairs d, double eps) {
        double sigma2 = c.variance();
        double sigma4 = sigma2 * sigma2;
        double allowance = allowance(c, n);
        Sample rb = Sample.of(d.conditional(), s -> s * s);
        Sample direct = Sample.of(pointwise(d.x1(), d.x2(), (a, b) -> a * a * b * b));
        return List.of(
                CheckResult.Row.check(c.name(), "E X_{n,1}^2 X_{n,2}^2 (as E[E[X^2|x]^2])", n, rb.mean(), rb.halfWidth(),
                        sigma4, allowance, sigma4, eps),
                CheckResult.Row.illustration(c.name(), "E X_{n,1}^2 X_{n,2}^2 (direct, illustration)", n, direct.mean(),
                        direct.halfWidth(), sigma4, allowance, sigma4));
    }

    /**
     * {@code (W²(c² + K_max)² m4 + 2σ² W m4) / n}. With {@code S = E[X²|x]}: {@code E S² − σ⁴ = ‖S − σ²‖₂² +
     * 2σ²(E S − σ²)}. Each non-vanishing product obeys {@code ‖Ĉ_aĈ_b − C_aC_b‖₂ ≤ ‖Ĉ_a‖_∞‖Ĉ_b − C_b‖₂ +
     * |C_b| ‖Ĉ_a − C_a‖₂ ≤ σ_a²σ_b²(c² + K_max)√(m4/n)} ({@code |Ĉ_a| ≤ σ_a²c²} a.s., {@code Var Ĉ ≤ σ⁴m4/n}),
     * so {@code ‖S − σ²‖₂ ≤ W(c² + K_max)√(m4/n)}, and {@code |E S − σ²| ≤ W m4/n} (Lemma D.5).
     */
    static double allowance(ScoreCase c, int n) {
        double w = c.isserlisWeight();
        double m4 = c.fourthMoment();
        double a = c.bound() * c.bound() + c.kernelMax();
        return (w * w * a * a * m4 + 2 * c.variance() * w * m4) / n;
    }

    @Override
    String note() {
        return "allowance (W^2 (c^2 + K_max)^2 m4 + 2 sigma^2 W m4) / n, proven in the class documentation; the check uses "
                + "E[X_1^2 X_2^2] = E[E[X^2|x]^2] (coordinates iid given the inputs), the direct product has a +/- 9 sigma^4 "
                + "spread and is shown as an illustration";
    }
}
