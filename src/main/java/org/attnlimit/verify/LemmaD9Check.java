package org.attnlimit.verify;

import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * Lemma D.9: with {@code Ĝ_{ab} = x^a·x^b/n},
 * (i) {@code E Ĝ_{ab} → E[Z^{x^a}Z^{x^b}] = K_{ab}} (exact at every {@code n}: a mean of iid terms), and
 * (ii) {@code E[Ĝ_{ab}Ĝ_{cd}] → K_{ab}K_{cd}}, with allowance {@code |Cov(Ĝ_{ab}, Ĝ_{cd})| ≤ m4/n},
 * {@code m4 = E φ(Z)⁴ ≤ c⁴} (Cauchy–Schwarz on one coordinate; the coordinates are iid). These are also instances of the master theorem (Fact 3.1) and of Definition 3.1 (A).
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
            // |Cov(G_ab, G_cd)| = |Cov(x_a x_b, x_c x_d)| / n <= m4 / n (Cauchy-Schwarz), sharper than c^4 / n.
            double m4 = InputKernel.fourthMoment(a.phi());
            double eps = settings.perturb();
            double scale1 = Math.max(Math.abs(k[0][1]), Math.sqrt(k[0][0] * k[1][1]));
            double scale2 = k[0][0] * k[1][1];
            for (int n : settings.widths()) {
                double[][] g = DrawCache.grams(a, n, settings.drawsAt(n), settings);
                // Entries of the flattened 2 x 2 Gram: 0 = (1,1), 1 = (1,2), 3 = (2,2).
                Sample g11 = Sample.of(column(g, 0, -1));
                Sample g12 = Sample.of(column(g, 1, -1));
                Sample g1122 = Sample.of(column(g, 0, 3));
                Sample g1212 = Sample.of(column(g, 1, 1));
                String label = a.name();
                rows.add(CheckResult.Row.check(label, "(i) E[x1.x1/n]", n, g11.mean(), g11.halfWidth(), k[0][0], 0,
                        k[0][0], eps));
                rows.add(CheckResult.Row.check(label, "(i) E[x1.x2/n]", n, g12.mean(), g12.halfWidth(), k[0][1], 0,
                        scale1, eps));
                rows.add(CheckResult.Row.check(label, "(ii) E[(x1.x1/n)(x2.x2/n)]", n, g1122.mean(), g1122.halfWidth(),
                        k[0][0] * k[1][1], m4 / n, scale2, eps));
                rows.add(CheckResult.Row.check(label, "(ii) E[(x1.x2/n)^2]", n, g1212.mean(), g1212.halfWidth(),
                        k[0][1] * k[0][1], m4 / n, Math.max(k[0][1] * k[0][1], scale2), eps));
                settings.progress().accept(name() + ": " + label + ", n = " + n);
            }
        }
        return CheckResult.of(this, Settings.LEVEL, rows, "(ii) allowance m4/n (m4 = E phi(Z)^4) bounds |Cov| of two Gram "
                + "entries; scales: K_11 K_22 for (ii), sqrt(K_11 K_22) for an entry whose limit is 0");
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
