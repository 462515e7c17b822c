package org.attnlimit.stats;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Require;

/**
 * Gaussian kernel density estimate on an equispaced grid, with Scott's bandwidth
 * {@code h = σ̂ N^{-1/5}} — the estimator of the paper's Figures 1, 3, 4, 5 (scipy's {@code gaussian_kde}
 * default). Binned: each sample is split linearly between its two neighbouring grid points, then the
 * bin weights are convolved with the kernel truncated at 8h; with a grid step ≤ h/10 the binning
 * error is below 1e-3 relative, and the cost is O(N + m·h/Δ) instead of O(N·m).
 * Hand-written because neither Hipparchus nor Commons Statistics has a KDE.
 */
public final class KernelDensity {
    private KernelDensity() {
    }

    /** @return Scott's bandwidth {@code σ̂ N^{-1/5}} */
    public static double scottBandwidth(double[] sample) {
        Require.atLeast("KDE sample size", sample.length, 2);
        double mean = 0;
        for (double v : sample) {
            mean += v;
        }
        mean /= sample.length;
        double ss = 0;
        for (double v : sample) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / (sample.length - 1));
        if (!(sd > 0) || Double.isInfinite(sd)) {
            throw new InvalidInputException("a kernel density estimate needs samples with a finite, non-zero spread; "
                    + "the " + sample.length + " samples have standard deviation " + sd);
        }
        return sd * Math.pow(sample.length, -0.2);
    }

    /**
     * @param grid equispaced evaluation points (at least 2)
     * @param bandwidth kernel standard deviation
     * @return the density estimate at the grid points
     */
    public static double[] estimate(double[] sample, double[] grid, double bandwidth) {
        Require.positive("bandwidth", bandwidth);
        int m = grid.length;
        double lo = grid[0];
        double step = (grid[m - 1] - lo) / (m - 1);
        double[] bins = new double[m];
        double outside = 0;
        for (double v : sample) {
            double t = (v - lo) / step;
            int i = (int) Math.floor(t);
            if (i < 0 || i >= m - 1) {
                // Samples off the grid still contribute their kernel mass near the edge.
                if (i == m - 1 && t == m - 1) {
                    bins[m - 1] += 1;
                } else {
                    outside += 1;
                }
                continue;
            }
            double w = t - i;
            bins[i] += 1 - w;
            bins[i + 1] += w;
        }
        int reach = (int) Math.ceil(8 * bandwidth / step);
        double[] kernel = new double[reach + 1];
        double norm = 1.0 / (sample.length * bandwidth * Math.sqrt(2 * Math.PI));
        for (int k = 0; k <= reach; k++) {
            double z = k * step / bandwidth;
            kernel[k] = norm * Math.exp(-0.5 * z * z);
        }
        double[] density = new double[m];
        for (int i = 0; i < m; i++) {
            if (bins[i] == 0) {
                continue;
            }
            int from = Math.max(0, i - reach);
            int to = Math.min(m - 1, i + reach);
            for (int j = from; j <= to; j++) {
                density[j] += bins[i] * kernel[Math.abs(i - j)];
            }
        }
        if (outside > 0) {
            addOutside(density, sample, grid, bandwidth, norm);
        }
        return density;
    }

    /** Exact kernel contributions of samples that fall off the grid (rare: the grid spans the data). */
    private static void addOutside(double[] density, double[] sample, double[] grid, double bandwidth, double norm) {
        double lo = grid[0];
        double hi = grid[grid.length - 1];
        for (double v : sample) {
            if (v < lo || v > hi) {
                for (int j = 0; j < grid.length; j++) {
                    double z = (grid[j] - v) / bandwidth;
                    density[j] += norm * Math.exp(-0.5 * z * z);
                }
            }
        }
    }

    /** @return {@code m} equispaced points spanning both samples, widened by {@code pad} on each side */
    public static double[] grid(double[] a, double[] b, double pad, int m) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        for (double v : b) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return linspace(lo - pad, hi + pad, m);
    }

    /** @return {@code m} equispaced points from lo to hi */
    public static double[] linspace(double lo, double hi, int m) {
        double[] g = new double[m];
        for (int i = 0; i < m; i++) {
            g[i] = lo + (hi - lo) * i / (m - 1);
        }
        return g;
    }
}
