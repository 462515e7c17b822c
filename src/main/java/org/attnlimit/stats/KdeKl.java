package org.attnlimit.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * The paper's divergence estimate (Figures 1b, 3b; Appendix B.1): {@code KL(p̂ ‖ q̂) = ∫ p̂ log(p̂/q̂)}
 * where {@code p̂} is the Gaussian KDE of the finite-width samples and {@code q̂} the KDE of samples of
 * the limit, each with Scott's bandwidth, integrated by the trapezoid rule on a common grid spanning
 * both samples (step ≤ h/10). Kept as the paper's estimator for comparability: it is biased upward by
 * the KDE noise (its floor, the value for two samples of the same law, is reported beside it).
 * The variant {@link #againstDensity} uses the exact limit density for {@code q}.
 */
public final class KdeKl {
    private static final double TINY = 1e-300;
    private static final int MAX_GRID = 1 << 15;

    private KdeKl() {
    }

    /** @return {@code KL(p̂ ‖ q̂)}, both densities KDEs with Scott's bandwidth */
    public static double estimate(double[] finite, double[] limit) {
        double hp = KernelDensity.scottBandwidth(finite);
        double hq = KernelDensity.scottBandwidth(limit);
        double[] grid = grid(finite, limit, Math.min(hp, hq), Math.max(hp, hq));
        double[] p = KernelDensity.estimate(finite, grid, hp);
        double[] q = KernelDensity.estimate(limit, grid, hq);
        return integrate(grid, p, q);
    }

    /** @return {@code KL(p̂ ‖ q)} with the exact limit density {@code q} (the bonus variant) */
    public static double againstDensity(double[] finite, DoubleUnaryOperator density) {
        double hp = KernelDensity.scottBandwidth(finite);
        double[] grid = grid(finite, finite, hp, hp);
        double[] p = KernelDensity.estimate(finite, grid, hp);
        double[] q = new double[grid.length];
        for (int i = 0; i < grid.length; i++) {
            q[i] = density.applyAsDouble(grid[i]);
        }
        return integrate(grid, p, q);
    }

    private static double[] grid(double[] a, double[] b, double hMin, double hMax) {
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
        int m = (int) Math.min(MAX_GRID, Math.max(1024, Math.ceil((hi - lo) / (hMin / 10)) + 1));
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
