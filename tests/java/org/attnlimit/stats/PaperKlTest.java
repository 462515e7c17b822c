package org.attnlimit.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;
import org.hipparchus.distribution.continuous.NormalDistribution;
import org.junit.jupiter.api.Test;

/**
 * The paper's KL ({@link KdeKl}) against scipy, and the binned KDE ({@link BinnedKde}) against the exact one.
 *
 * <p>Reference values computed with scipy 1.17.1 / numpy 2.4.6 by the authors' formula: for samples
 * {@code e}, {@code t} and grid {@code xs = linspace(min, max, 500)} of the union,
 * {@code a = gaussian_kde(e)(xs) + 1e-12; b = gaussian_kde(t)(xs) + 1e-12; a /= trapezoid(a, xs);
 * b /= trapezoid(b, xs); entropy(a, b)}; against the density, {@code b = norm.pdf(xs) + 1e-12}. The samples
 * are printed to 6 decimals by numpy (default_rng(20261201): normal(0.1, 1) × 30, 0.9·t₄ × 40, normal(0, 2.5) × 25).
 */
class PaperKlTest {
    static final double[] P = {-0.265169, 0.426041, 0.197701, -2.040356, -2.305299, 0.894671, 0.623125, -1.784926,
        -0.676745, 0.08881, -0.880216, 2.902036, 0.311708, 0.752213, 0.164433, -0.47612, -0.050338, -0.2947, 0.558439,
        -0.454838, 0.541291, 0.71143, 0.852848, -0.679817, 0.427419, 0.763937, -0.911634, -0.663312, -0.578, 0.651939};
    static final double[] Q = {-0.072293, -1.649257, -0.386747, -1.847783, -0.603166, 0.045733, -0.915787, -0.457632,
        0.214855, 0.166883, -0.479322, -1.256638, -1.462209, 0.429829, -1.034082, -0.326743, 0.239089, 0.322386, 0.126911,
        -1.353663, 1.298673, -1.156242, 0.847606, -1.488869, 1.789584, -0.335679, -0.370707, -1.439011, -0.555636,
        0.537023, -0.43328, 1.269839, -1.430598, -1.170268, 0.241116, -0.437289, -0.468817, 1.64449, -0.468827, 1.467138};
    static final double[] R = {1.007945, 0.155441, -2.456873, 0.005993, -2.186423, 0.527511, 1.008109, -2.255782,
        6.147942, 2.433946, 1.342752, -2.153267, -3.188355, -1.300526, -2.826607, 0.787454, -3.754116, 4.708865, 0.148725,
        -0.16547, 0.100614, 4.602848, 0.909312, 2.030056, 1.070405};
    static final double SCIPY_PQ = 0.10557684365967235;
    static final double SCIPY_QP = 0.1040898035654075;
    static final double SCIPY_PQ_ON_PQR = 0.19565438047057937;
    static final double SCIPY_P_N01 = 0.024865811639109878;
    static final double SCIPY_KDE_P_AT_250 = 0.4061493199384873;
    /**
     * Exact path vs scipy: the same sums of ≤ 40 exponentials per point in another order; each density is
     * then good to ~1e-15 relative, and KL = Σ P log(P/Q) moves by at most ~2·1e-15·(1 + Σ P|log P/Q|) ≪ 1e-12.
     */
    static final double ROUNDING = 1e-12;
    private static final NormalDistribution PHI = new NormalDistribution(0, 1);

    @Test
    void scottBandwidthIsScipysFactorTimesTheDdof1StandardDeviation() {
        // scipy: sqrt(kde.covariance) = 0.5157374393731113 for P (factor 30^(-1/5) = 0.5064956841121182).
        assertThat(KernelDensity.scottBandwidth(P)).isCloseTo(0.5157374393731113, within(1e-15));
        double[] grid = KdeKl.paperGrid(P, Q);
        double[] kde = BinnedKde.exact(P, new double[] {grid[250]}, KernelDensity.scottBandwidth(P));
        assertThat(kde[0]).isCloseTo(SCIPY_KDE_P_AT_250, within(1e-15));
    }

    @Test
    void exactEstimatorEqualsScipyOnFixedSamples() {
        assertThat(KdeKl.estimateExact(P, Q, KdeKl.paperGrid(P, Q))).isCloseTo(SCIPY_PQ, within(ROUNDING));
        assertThat(KdeKl.estimateExact(Q, P, KdeKl.paperGrid(Q, P))).isCloseTo(SCIPY_QP, within(ROUNDING));
        // The figure-wide grid (here spanning a third sample) changes the number, as in the paper.
        assertThat(KdeKl.estimateExact(P, Q, KdeKl.paperGrid(P, Q, R))).isCloseTo(SCIPY_PQ_ON_PQR, within(ROUNDING));
        double[] grid = KdeKl.paperGrid(P, Q);
        double[] p = BinnedKde.exact(P, grid, KernelDensity.scottBandwidth(P));
        assertThat(KdeKl.discrete(grid, p, KdeKl.densityOn(grid, PHI::density))).isCloseTo(SCIPY_P_N01, within(ROUNDING));
    }

    @Test
    void handCheckableCases() {
        double[] grid = KdeKl.paperGrid(P, Q);
        assertThat(KdeKl.estimateExact(P, P, grid)).isZero();
        double[] flat = new double[grid.length];
        // Two densities that are 0 everywhere become equal after the 1e-12 floor: KL = 0.
        assertThat(KdeKl.discrete(grid, flat, flat)).isZero();
        // p = (1, 0, …, 0), q uniform: with ε = 1e-12, S = 1 + 500ε, P_0 = (1 + ε)/S, P_i = ε/S, Q_i = 1/500,
        // KL = P_0 log(500 P_0) + 499 (ε/S) log(500 ε/S) (the trapezoid factors cancel).
        double[] spike = new double[grid.length];
        spike[0] = 1.0;
        double[] uniform = new double[grid.length];
        java.util.Arrays.fill(uniform, 1.0);
        double eps = KdeKl.FLOOR;
        double s = 1 + 500 * eps;
        double expected = (1 + eps) / s * Math.log(500 * (1 + eps) / s) + 499 * (eps / s) * Math.log(500 * eps / s);
        assertThat(KdeKl.discrete(grid, spike, uniform)).isCloseTo(expected, within(1e-13));
    }

    @Test
    void wrongGridOrWrongSampleOrTheOldEstimatorFailTheScipyComparison() {
        // The tests above can fail: one changed value, the two-sample grid where scipy used three samples,
        // or the earlier padded estimator, each misses the scipy value by far more than the tolerance.
        double[] wrong = P.clone();
        wrong[3] = -1.0;
        assertThat(Math.abs(KdeKl.estimateExact(wrong, Q, KdeKl.paperGrid(wrong, Q)) - SCIPY_PQ)).isGreaterThan(1e-3);
        assertThat(Math.abs(KdeKl.estimateExact(P, Q, KdeKl.paperGrid(P, Q)) - SCIPY_PQ_ON_PQR)).isGreaterThan(1e-2);
        assertThat(Math.abs(KdeKl.padded(P, Q) - SCIPY_PQ)).isGreaterThan(1e-2);
    }

    @Test
    void binnedEstimatorIsWithinTheBinningBoundOfScipy() {
        double[] grid = KdeKl.paperGrid(P, Q);
        double[] bound = binnedKlBound(P, Q, grid);
        assertThat(SCIPY_PQ).isBetween(bound[0], bound[1]);
        assertThat(KdeKl.estimate(P, Q, grid)).isBetween(bound[0], bound[1]);
        double[] gridR = KdeKl.paperGrid(P, Q, R);
        double[] boundR = binnedKlBound(P, Q, gridR);
        assertThat(SCIPY_PQ_ON_PQR).isBetween(boundR[0], boundR[1]);
        assertThat(KdeKl.estimate(P, Q, gridR)).isBetween(boundR[0], boundR[1]);
    }

    @Test
    void binnedKdeIsWithinTheStatedBoundOfTheExactKdeAtEveryGridPoint() {
        for (double[] sample : new double[][] {normals(11, 20_000), heavyTailed(12, 20_000)}) {
            double h = KernelDensity.scottBandwidth(sample);
            double[] grid = KdeKl.paperGrid(sample);
            BinnedKde kde = BinnedKde.on(grid, h, h);
            double[] binned = kde.evaluate(kde.bin(sample), sample.length, h);
            double[] exact = BinnedKde.exact(sample, grid, h);
            double[] local = pointwiseBound(sample, grid, h, kde.step());
            // BinnedKde's uniform bound δ²/(8√(2π)h³) + 1e-15, and the sharper pointwise one below; both plus
            // the rounding of sums of 20 000 terms, below 1e-12 relative to the largest value.
            double uniform = kde.binningErrorBound(h) + 1e-12 * max(exact);
            for (int j = 0; j < grid.length; j++) {
                assertThat(binned[j]).as("grid point %d", j).isCloseTo(exact[j], within(Math.min(uniform, local[j])));
            }
        }
    }

    @Test
    void aWrongBandwidthBreaksTheBound() {
        // The comparison above can fail: a 1% error in h moves the density by ~1% (≈ 4e-3 at the mode),
        // far outside the binning bound (≈ 5e-5 relative).
        double[] sample = normals(15, 20_000);
        double h = KernelDensity.scottBandwidth(sample);
        double[] grid = KdeKl.paperGrid(sample);
        BinnedKde kde = BinnedKde.on(grid, h, h);
        double[] wrong = kde.evaluate(kde.bin(sample), sample.length, 1.01 * h);
        double[] exact = BinnedKde.exact(sample, grid, h);
        double[] local = pointwiseBound(sample, grid, h, kde.step());
        int outside = 0;
        for (int j = 0; j < grid.length; j++) {
            if (Math.abs(wrong[j] - exact[j]) > local[j]) {
                outside++;
            }
        }
        assertThat(outside).isGreaterThan(100);
    }

    /**
     * A pointwise bound on the linear-binning error at each grid point x: each sample X is replaced by the
     * linear interpolant of {@code u ↦ K_h(x − u)} on its lattice cell, off by at most
     * {@code (δ²/8)·max_cell |K_h''|}, and {@code |K_h''(v)| = K_h(v)·|v²/h² − 1|/h²} is at most
     * {@code K_h(max(0, |v| − δ))·max((|v| + δ)²/h², 1)/h²} on a cell within δ of X (v = x − X). Plus the
     * kernel cut-off 1e-15 and 1e-12 relative rounding. Tight in the tails, where the uniform bound is not.
     */
    static double[] pointwiseBound(double[] sample, double[] grid, double h, double step) {
        double norm = 1.0 / (sample.length * h * Math.sqrt(2 * Math.PI));
        double[] e = new double[grid.length];
        for (int j = 0; j < grid.length; j++) {
            double sum = 0;
            double value = 0;
            for (double x : sample) {
                double v = Math.abs(grid[j] - x);
                double near = Math.max(0, v - step) / h;
                double far = (v + step) / h;
                sum += Math.exp(-0.5 * near * near) * Math.max(far * far, 1.0);
                double z = v / h;
                value += Math.exp(-0.5 * z * z);
            }
            e[j] = norm * sum * step * step / (8 * h * h) + 1e-15 + 1e-12 * norm * value;
        }
        return e;
    }

    /**
     * A rigorous interval for the binned KL given the exact densities and a bound e_i on each binned
     * density value: with {@code a_i = p_i + 1e-12}, {@code S = Σa}, the normalised {@code P_i} lies in
     * {@code [(a_i − e_i)/(S + Σe), (a_i + e_i)/(S − Σe)]} (the trapezoid factor cancels; e_i from
     * {@link #pointwiseBound}), likewise Q; each term
     * {@code P log(P/Q)} is decreasing in Q and convex in P, so its range over the box is bounded by the
     * corners and, for the minimum, the stationary point {@code P = Q/e} with value {@code −Q/e}.
     */
    static double[] binnedKlBound(double[] finite, double[] limit, double[] grid) {
        double hp = KernelDensity.scottBandwidth(finite);
        double hq = KernelDensity.scottBandwidth(limit);
        BinnedKde kde = BinnedKde.on(grid, Math.min(hp, hq), Math.max(hp, hq));
        double[] p = BinnedKde.exact(finite, grid, hp);
        double[] q = BinnedKde.exact(limit, grid, hq);
        double[][] pr = box(p, pointwiseBound(finite, grid, hp, kde.step()));
        double[][] qr = box(q, pointwiseBound(limit, grid, hq, kde.step()));
        double lo = 0;
        double hi = 0;
        for (int i = 0; i < grid.length; i++) {
            double pl = pr[0][i];
            double ph = pr[1][i];
            double ql = qr[0][i];
            double qh = qr[1][i];
            hi += Math.max(term(pl, ql), term(ph, ql));
            double min = Math.min(term(pl, qh), term(ph, qh));
            if (qh / Math.E >= pl && qh / Math.E <= ph) {
                min = Math.min(min, -qh / Math.E);
            }
            lo += min;
        }
        return new double[] {lo, hi};
    }

    private static double[][] box(double[] density, double[] e) {
        int m = density.length;
        double s = 0;
        double total = 0;
        for (int i = 0; i < m; i++) {
            s += density[i] + KdeKl.FLOOR;
            total += e[i];
        }
        double[][] r = new double[2][m];
        for (int i = 0; i < m; i++) {
            double a = density[i] + KdeKl.FLOOR;
            // The binned density is ≥ 0, so a − e is clipped at the floor.
            r[0][i] = Math.max(KdeKl.FLOOR, a - e[i]) / (s + total);
            r[1][i] = (a + e[i]) / Math.max(s - total, m * KdeKl.FLOOR);
        }
        return r;
    }

    private static double term(double p, double q) {
        return p * Math.log(p / q);
    }

    private static double max(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    static double[] normals(long seed, int n) {
        return scaledNormals(seed, n, rng -> 1.0);
    }

    /** A scale mixture with heavy tails, like the attention limit: N(0, V) with V ∈ {0.25, 4} (1:9). */
    static double[] heavyTailed(long seed, int n) {
        return scaledNormals(seed, n, rng -> rng.nextInt(10) == 0 ? 2.0 : 0.5);
    }

    /** @return n draws of {@code scale·ξ}, ξ standard normal, the scale drawn first from the same stream */
    private static double[] scaledNormals(long seed, int n, ToDoubleFunction<UniformRandomProvider> scale) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale.applyAsDouble(rng) * g.sample();
        }
        return x;
    }
}
