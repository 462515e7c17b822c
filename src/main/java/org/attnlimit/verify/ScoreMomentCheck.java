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
 * {@code ‖E[X²|x] − σ²‖₂ ≤ 4c⁴T²/√n}.
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
                rows.add(row(c, n, draws));
                settings.progress().accept(name() + ": " + c.name() + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL, rows, note());
    }

    /** @return the row for one case and width */
    abstract CheckResult.Row row(ScoreCase c, int n, ScoreArraySampler.Pairs draws);

    /** @return what the rows show, for the report */
    abstract String note();

    /** {@code 2c⁴T²}: {@code |E X_{n,1}² − σ²| ≤ 2c⁴T²/n}. */
    static double secondMomentBias(ScoreCase c) {
        double c2 = c.bound() * c.bound();
        return 2 * c2 * c2 * c.weightScale() * c.weightScale();
    }
}
