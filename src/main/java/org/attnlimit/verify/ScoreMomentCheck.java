package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared loop of the moment checks of Lemmas D.4–D.8: for each {@link ScoreCase} and width, draw
 * {@code (X_{n,1}, X_{n,2})} and compare one moment with its limit.
 *
 * <p>Finite-width allowances are the suite's own bounds for bounded {@code φ} ({@code |φ| ≤ c}), with
 * {@code T = Σ_k |t_k| σ_{W^{k,1}}σ_{W^{k,2}}}: given the inputs, {@code Ĉ(a,b) = σ_W² x^a·x^b/n} is a mean
 * of {@code n} iid terms bounded by {@code σ_W²c²}, so {@code Var Ĉ ≤ σ_W⁴c⁴/n}. Hence
 * {@code |E X² − σ²| ≤ 2c⁴T²/n} (two covariance terms per pair of scores) and
 * {@code ‖E[X²|x] − σ²‖₂ ≤ 4c⁴T²/√n}. Those crude bounds (kept as {@link #secondMomentBias}) are replaced
 * in the checks by sharper proven ones: {@code Var Ĉ ≤ σ_W⁴ m4/n} with {@code m4 = E φ(Z)⁴} (0.43 for
 * {@code clip_1}, against {@code c⁴ = 1}) and only the Isserlis products that do not vanish
 * ({@link ScoreCase#isserlisWeight}); see {@link #sharpSecondMomentBias} and {@link LemmaD7Check#allowance}.
 */
abstract class ScoreMomentCheck implements Check {
    private final List<ScoreCase> cases;

    ScoreMomentCheck(List<ScoreCase> cases) {
        this.cases = List.copyOf(cases);
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        for (ScoreCase c : cases) {
            for (int n : settings.widths()) {
                ScoreArraySampler.Pairs draws = DrawCache.pairs(c, n, settings);
                rows.addAll(rows(c, n, draws, settings.perturb()));
                settings.progress().accept(name() + ": " + c.name() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL, rows, note());
    }

    /** @return the rows for one case and width; {@code eps} is the run's perturbation of the limit */
    abstract List<CheckResult.Row> rows(ScoreCase c, int n, ScoreArraySampler.Pairs draws, double eps);

    /** @return what the rows show, for the report */
    abstract String note();

    /** {@code 2c⁴T²}: {@code |E X_{n,1}² − σ²| ≤ 2c⁴T²/n} (the crude bound; see {@link #sharpSecondMomentBias}). */
    static double secondMomentBias(ScoreCase c) {
        double c2 = c.bound() * c.bound();
        return 2 * c2 * c2 * c.weightScale() * c.weightScale();
    }

    /**
     * {@code W·m4} ({@link ScoreCase#isserlisWeight}): {@code |E X_{n,1}² − σ²| ≤ W m4 / n}. Proof: given
     * the inputs, {@code E[X²|x] = Σ_{kl} t_k t_l (Ĉ(k1,l1)Ĉ(k2,l2) + Ĉ(k1,l2)Ĉ(k2,l1))} (Isserlis;
     * {@code Ĉ(k1,k2) = 0} by Assumption 3.1 (b)); {@code E Ĉ = C}, so the bias is a sum of
     * {@code Cov(Ĉ_a, Ĉ_b) = σ_a² σ_b² Cov(x_a x_b, x_c x_d)/n} (the {@code n} coordinates are iid), and
     * {@code |Cov(x_a x_b, x_c x_d)| ≤ √(E[x_a²x_b²] E[x_c²x_d²]) ≤ m4} by Cauchy–Schwarz twice.
     */
    static double sharpSecondMomentBias(ScoreCase c) {
        return c.isserlisWeight() * c.fourthMoment();
    }

    /** @return the values {@code f(x1_i, x2_i)} */
    static double[] pointwise(double[] a, double[] b, java.util.function.DoubleBinaryOperator f) {
        double[] out = new double[a.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = f.applyAsDouble(a[i], b[i]);
        }
        return out;
    }
}
