package org.attnlimit.stats;

import org.attnlimit.calculus.InvalidInputException;
import java.util.function.DoubleUnaryOperator;

/**
 * The paper's divergence estimate (Figures 1b, 3b, 4b, 5b; Appendix B.1), exactly as the authors compute
 * it ({@code compute_kl} in {@code src/kl_divergence.py} of github.com/manasakai/infinite-width-attention):
 * <ol>
 *   <li>the evaluation grid is {@code x = linspace(min, max, 500)} over the union of <em>all</em> samples
 *       of the figure (finite-width and limit samples of every seed and width; for one comparison, the
 *       two samples);</li>
 *   <li>{@code p̂}, {@code q̂}: scipy's {@code gaussian_kde} of the finite-width and of the limit sample,
 *       bandwidth by Scott's rule {@code h = σ̂·N^{-1/5}}, {@code σ̂} the standard deviation with ddof = 1
 *       (scipy's {@code scotts_factor} is {@code neff^{-1/(d+4)}} and multiplies the data covariance
 *       {@code cov(bias=False)}; checked in the scipy 1.17 sources);</li>
 *   <li>{@code p_i = p̂(x_i) + 1e-12}, {@code q_i = q̂(x_i) + 1e-12}, each divided by its trapezoid
 *       integral over the grid;</li>
 *   <li>{@code scipy.stats.entropy(p, q)}: both renormalised to sum 1, then
 *       {@code KL = Σ_i P_i log(P_i/Q_i)} — a discrete sum over the 500 points (the trapezoid normalisation of
 *       step 3 cancels in this renormalisation; it is kept for fidelity).</li>
 * </ol>
 * The KDEs are evaluated by {@link BinnedKde} (linear binning, error bound stated there), or exactly by
 * {@link #estimateExact}. The estimator is biased upward by the KDE noise; its floor, the value for two
 * samples of the same law, is reported beside it.
 *
 * <p>{@link #padded} is this project's earlier estimator, kept as a named variant: the continuous
 * {@code ∫ p̂ log(p̂/q̂)} by the trapezoid rule on a grid padded by 4 bandwidths, densities floored at
 * 1e-300. Its empty tails of {@code q̂} dominate (at n = 16, s = 4, H = 2 it gives about 0.29 where the
 * paper's formula gives about 0.03), so it is not comparable with the paper's figures.
 */
public final class KdeKl {
    /** Points of the paper's evaluation grid. */
    public static final int GRID_POINTS = 500;
    /** Added to both densities before normalising (the paper's {@code + 1e-12}). */
    public static final double FLOOR = 1e-12;
    private static final double TINY = 1e-300;
    private static final int MAX_PADDED_GRID = 1 << 15;

    private KdeKl() {
    }

    /** @return the paper's grid {@code linspace(min, max, 500)} over the union of {@code samples} */
    public static double[] paperGrid(double[]... samples) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : samples) {
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        return paperGrid(lo, hi);
    }

    /** @return {@code linspace(lo, hi, 500)} */
    public static double[] paperGrid(double lo, double hi) {
        if (!(hi > lo) || Double.isInfinite(hi - lo)) {
            throw new InvalidInputException("the KL grid needs samples with a finite, non-zero range, got ["
                    + lo + ", " + hi + "]");
        }
        return KernelDensity.linspace(lo, hi, GRID_POINTS);
    }

    /** @return the paper's KL between the KDEs of {@code finite} and {@code limit}, on their union's grid */
    public static double estimate(double[] finite, double[] limit) {
        return estimate(finite, limit, paperGrid(finite, limit));
    }

    /** @return the paper's KL on a given grid (e.g. the union of a whole figure's samples), binned KDEs */
    public static double estimate(double[] finite, double[] limit, double[] grid) {
        double hp = KernelDensity.scottBandwidth(finite);
        double hq = KernelDensity.scottBandwidth(limit);
        BinnedKde kde = BinnedKde.on(grid, Math.min(hp, hq), Math.max(hp, hq));
        double[] p = kde.evaluate(kde.bin(finite), finite.length, hp);
        double[] q = kde.evaluate(kde.bin(limit), limit.length, hq);
        return discrete(grid, p, q);
    }

    /** @return the paper's KL with unbinned KDEs, O(N·500): scipy's arithmetic, for tests and small samples */
    public static double estimateExact(double[] finite, double[] limit, double[] grid) {
        double[] p = BinnedKde.exact(finite, grid, KernelDensity.scottBandwidth(finite));
        double[] q = BinnedKde.exact(limit, grid, KernelDensity.scottBandwidth(limit));
        return discrete(grid, p, q);
    }

    /**
     * The paper's formula with the exact limit density in place of {@code q̂} (as the authors'
     * {@code compute_kl_infinite_H} does with the infinite-head Gaussian).
     *
     * @return {@code KL(p̂ ‖ q)} on {@code grid}
     */
    public static double againstDensity(double[] finite, DoubleUnaryOperator density, double[] grid) {
        double hp = KernelDensity.scottBandwidth(finite);
        BinnedKde kde = BinnedKde.on(grid, hp, hp);
        double[] p = kde.evaluate(kde.bin(finite), finite.length, hp);
        return discrete(grid, p, densityOn(grid, density));
    }

    /** @return the density at the grid points */
    public static double[] densityOn(double[] grid, DoubleUnaryOperator density) {
        double[] q = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            q[i] = density.applyAsDouble(grid[i]);
        }
        return q;
    }

    /**
     * Steps 3–4 of the paper's formula.
     *
     * @param grid the grid
     * @param p the first density at the grid points (not modified)
     * @param q the second density at the grid points (not modified)
     * @return {@code Σ P_i log(P_i/Q_i)} with {@code P, Q} the floored, normalised densities
     */
    public static double discrete(double[] grid, double[] p, double[] q) {
        double[] pp = normalised(grid, p);
        double[] qq = normalised(grid, q);
        double sp = 0;
        double sq = 0;
        for (int i = 0; i < grid.length; i++) {
            sp += pp[i];
            sq += qq[i];
        }
        double kl = 0;
        for (int i = 0; i < grid.length; i++) {
            double pi = pp[i] / sp;
            kl += pi * Math.log(pi / (qq[i] / sq));
        }
        return kl;
    }

    private static double[] normalised(double[] grid, double[] density) {
        double[] d = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            d[i] = density[i] + FLOOR;
        }
        double integral = 0;
        for (int i = 1; i < grid.length; i++) {
            integral += 0.5 * (grid[i] - grid[i - 1]) * (d[i] + d[i - 1]);
        }
        for (int i = 0; i < grid.length; i++) {
            d[i] /= integral;
        }
        return d;
    }

    /** @return the earlier variant: {@code ∫ p̂ log(p̂/q̂)} on a grid padded by 4 bandwidths, floored at 1e-300 */
    public static double padded(double[] finite, double[] limit) {
        double hp = KernelDensity.scottBandwidth(finite);
        double hq = KernelDensity.scottBandwidth(limit);
        double[] grid = paddedGrid(finite, limit, Math.min(hp, hq), Math.max(hp, hq));
        double[] p = KernelDensity.estimate(finite, grid, hp);
        double[] q = KernelDensity.estimate(limit, grid, hq);
        return integrate(grid, p, q);
    }

    /** @return the earlier variant against the exact density: {@code ∫ p̂ log(p̂/q)} on the padded grid */
    public static double paddedAgainstDensity(double[] finite, DoubleUnaryOperator density) {
        double hp = KernelDensity.scottBandwidth(finite);
        double[] grid = paddedGrid(finite, finite, hp, hp);
        double[] p = KernelDensity.estimate(finite, grid, hp);
        return integrate(grid, p, densityOn(grid, density));
    }

    private static double[] paddedGrid(double[] a, double[] b, double hMin, double hMax) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] s : new double[][] {a, b}) {
            for (double v : s) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        lo -= 4 * hMax;
        hi += 4 * hMax;
        int m = (int) Math.min(MAX_PADDED_GRID, Math.max(1024, Math.ceil((hi - lo) / (hMin / 10)) + 1));
        return KernelDensity.linspace(lo, hi, m);
    }

    private static double integrate(double[] grid, double[] p, double[] q) {
        double step = grid[1] - grid[0];
        double sum = 0;
        for (int i = 0; i < grid.length; i++) {
            if (p[i] > TINY) {
                double w = (i == 0 || i == grid.length - 1) ? 0.5 : 1.0;
                sum += w * p[i] * Math.log(p[i] / Math.max(q[i], TINY));
            }
        }
        return sum * step;
    }
}
