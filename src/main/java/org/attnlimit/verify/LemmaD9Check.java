package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * Lemma D.9: with {@code Ĝ_{ab} = x^a·x^b/n},
 * (i) {@code E Ĝ_{ab} → E[Z^{x^a}Z^{x^b}] = K_{ab}} (exact at every {@code n}: a mean of iid terms), and
 * (ii) {@code E[Ĝ_{ab}Ĝ_{cd}] → K_{ab}K_{cd}}, with allowance {@code |Cov(Ĝ_{ab}, Ĝ_{cd})| ≤ c⁴/n} for
 * {@code |φ| ≤ c}. These are also instances of the master theorem (Fact 3.1) and of Definition 3.1 (A).
 */
public final class LemmaD9Check implements Check {
    private final List<ScoreArray> arrays;

    /** @param arrays the programs whose inputs are checked */
    public LemmaD9Check(List<ScoreArray> arrays) {
        this.arrays = List.copyOf(arrays);
    }

    /** Independent inputs (one head) and correlated inputs (the crosswise program, {@code ρ = 0.7}). */
    public LemmaD9Check() {
        this(List.of(ScoreArray.attentionHead(Activation.clip(1), 2), ScoreArray.crosswise(Activation.clip(1), 0.7)));
    }

    @Override
    public String name() {
        return "lemma-d9";
    }

    @Override
    public String statement() {
        return "Lemma D.9";
    }

    @Override
    public String claim() {
        return "E[x^a.x^b/n] -> K_ab and E[(x^a.x^b/n)(x^c.x^d/n)] -> K_ab K_cd";
    }

    @Override
    public CheckResult run(Settings settings) {
        List<CheckResult.Row> rows = new ArrayList<>();
        for (ScoreArray a : arrays) {
            double[][] k = a.kernel();
            double c4 = Math.pow(a.activationBound(), 4);
            for (int n : settings.widths()) {
                double[][] g = DrawCache.grams(a, n, settings.samples(), settings);
                // Entries of the flattened 2 x 2 Gram: 0 = (1,1), 1 = (1,2), 3 = (2,2).
                Sample g11 = Sample.of(column(g, 0, -1));
                Sample g12 = Sample.of(column(g, 1, -1));
                Sample g1122 = Sample.of(column(g, 0, 3));
                Sample g1212 = Sample.of(column(g, 1, 1));
                String label = a.name();
                rows.add(CheckResult.Row.interval(label, "(i) E[x1.x1/n]", n, g11.mean(), g11.halfWidth(), k[0][0], 0, true));
                rows.add(CheckResult.Row.interval(label, "(i) E[x1.x2/n]", n, g12.mean(), g12.halfWidth(), k[0][1], 0, true));
                rows.add(CheckResult.Row.interval(label, "(ii) E[(x1.x1/n)(x2.x2/n)]", n, g1122.mean(), g1122.halfWidth(),
                        k[0][0] * k[1][1], c4 / n, true));
                rows.add(CheckResult.Row.interval(label, "(ii) E[(x1.x2/n)^2]", n, g1212.mean(), g1212.halfWidth(),
                        k[0][1] * k[0][1], c4 / n, true));
                settings.progress().accept(name() + ": " + label + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL, rows, "(ii) allowance c^4/n = the bound on |Cov| of two Gram entries");
    }

    /** @return entry {@code i} of each draw, or the product of entries {@code i, j} when {@code j ≥ 0} */
    private static double[] column(double[][] draws, int i, int j) {
        double[] out = new double[draws.length];
        for (int r = 0; r < draws.length; r++) {
            out[r] = j < 0 ? draws[r][i] : draws[r][i] * draws[r][j];
        }
        return out;
    }
}
