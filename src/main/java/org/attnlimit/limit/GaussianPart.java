package org.attnlimit.limit;

import static org.attnlimit.limit.Matrices.quad;

import java.util.List;
import org.attnlimit.calculus.Normal;
import org.attnlimit.program.Expr;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * A part affine in the G-vars given the scores: {@code X | p̊ ~ N(m(p̊), v(p̊))} with {@code m, v} from its
 * {@link AffineForm} and {@code Σ} (Theorem 3.1, Definition 3.1 (A)); the raw moments of that Gaussian
 * integrated over {@code p̊ ~ N(0, C)} by {@link ScoreNodes} (one dimension less per softmax,
 * {@link ShiftInvariance}). The nodes' {@code (m, v)} are kept for the Fourier inversion of the mixture.
 */
final class GaussianPart extends PartLaw {
    /** The exact probability that every weight of this part vanishes (set by the output's atom search), NaN if none. */
    double atom = Double.NaN;
    /** The score nodes with {@code out[0..3] = E[X^k | p]}, {@code out[4] = m}, {@code out[5] = v}. */
    ScoreNodes.Result nodes;
    private final int[] identity;
    private final AffineForm form;

    GaussianPart(Expr expr, LimitCovariances cov) {
        super(expr, cov);
        this.identity = AffineForm.identity(gv.size());
        this.form = AffineForm.of(f);
    }

    @Override
    boolean conditionallyGaussian() {
        return true;
    }

    @Override
    void compute() {
        List<int[]> groups = ShiftInvariance.groups(expr, sc);
        ScoreNodes sn = new ScoreNodes(c, groups);
        nodes = sn.integrate(this::node, 6, PartLaw::momentError, 300_000);
        scoreDimension = sc.isEmpty() ? 0 : sn.dimension();
        method = reduction(sc, sn, groups) + nodes.method();
        double[] s = nodes.sums();
        raw = new double[] {1, s[0], s[1], s[2], s[3]};
        error = nodes.error();
    }

    /** @return whether the conditional variance vanishes at some score node (a candidate atom) */
    boolean vanishingVariance() {
        boolean zero = false;
        for (double[] v : nodes.values()) {
            zero |= v[5] == 0;
        }
        return zero;
    }

    @Override
    double maxVariance() {
        double m = 0;
        for (double[] v : nodes.values()) {
            m = Math.max(m, v[5]);
        }
        return m;
    }

    @Override
    MixtureInversion.Component component(boolean coarse) {
        double[] w = coarse ? nodes.coarseWeights() : nodes.weights();
        double[][] vals = coarse ? nodes.coarseValues() : nodes.values();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            m[k] = vals[k][4];
            v[k] = vals[k][5];
        }
        return new MixtureInversion.Component(w, m, v, copies);
    }

    /**
     * The mixture of a part {@code Σ φ(p̊)U} with one score whose weight vanishes for {@code p̊ ≤ 0}: the
     * node {@code p ≤ 0} is the atom (mass 1/2, variance 0); {@code p > 0} by composite Gauss–Legendre
     * (8 points per panel, 4 for the coarse estimate) on panels halving towards 0,
     * {@code [8.5σ·2^{−j−1}, 8.5σ·2^{−j}]}, j = 0..59: the conditional variance tends to 0 with p, and
     * the density of the continuous part near the atom comes from small p, which Gauss–Hermite nodes
     * do not reach.
     */
    MixtureInversion.Component gradedComponent(boolean coarse) {
        double sd = Math.sqrt(c[0][0]);
        GaussIntegrator rule = new GaussIntegratorFactory().legendre(coarse ? 4 : 8, -1, 1);
        int panels = 60;
        int n = rule.getNumberOfPoints();
        double[] w = new double[panels * n + 1];
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] out = new double[6];
        double sum = 0;
        for (int j = 0; j < panels; j++) {
            double hi = 8.5 * sd * Math.pow(0.5, j);
            double lo = j == panels - 1 ? 0 : 0.5 * hi;
            for (int k = 0; k < n; k++) {
                double pk = 0.5 * (lo + hi) + 0.5 * (hi - lo) * rule.getPoint(k);
                int i = j * n + k;
                w[i] = 0.5 * (hi - lo) * rule.getWeight(k) * Normal.pdf(pk / sd) / sd;
                node(new double[] {pk}, out);
                m[i] = out[4];
                v[i] = out[5];
                sum += w[i];
            }
        }
        for (int i = 0; i < w.length - 1; i++) {
            w[i] *= (1 - atom) / sum;
        }
        w[w.length - 1] = atom;
        return new MixtureInversion.Component(w, m, v, copies);
    }

    /** Conditional raw moments of {@code N(m, v)} and {@code m, v} at scores {@code p}. */
    private void node(double[] p, double[] out) {
        double[] b = new double[gv.size()];
        double m = form.conditionalMean(p, identity, mu, b);
        double v = Math.max(0, quad(b, sigma, b));
        out[0] = m;
        out[1] = m * m + v;
        out[2] = m * m * m + 3 * m * v;
        out[3] = m * m * m * m + 6 * m * m * v + 3 * v * v;
        out[4] = m;
        out[5] = v;
    }

    @Override
    long nodes() {
        return nodes == null ? 0 : nodes.weights().length;
    }
}
