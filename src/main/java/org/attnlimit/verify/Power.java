package org.attnlimit.verify;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.attnlimit.stats.KolmogorovSmirnov;

/**
 * Minimum detectable deviations of the distribution rows. A law is perturbed by scaling its variable,
 * {@code Z → (1+δ)Z}; the KS distance {@code D(δ) = sup_x |F(x) − F(x/(1+δ))|} between a law and its
 * perturbation grows with {@code |δ|}, and by the triangle inequality a run whose observed distance is
 * {@code d} rejects the perturbed law once {@code D(δ) > critical + d}. The MDD is the smallest such
 * {@code δ > 0}, found by bisection ({@code D} is increasing in {@code δ} for the scale mixtures here, whose
 * CDF is increasing in {@code x/scale} on each half-line). Written here because no library computes it.
 */
final class Power {
    private Power() {
    }

    /**
     * @param limitSample draws of the limit law (its empirical CDF stands for {@code F})
     * @param threshold {@code critical + observed distance}
     * @return the smallest {@code δ} with {@code D(δ) >= threshold}, or {@code NaN} if none below 10
     */
    static double ksScaleMdd(double[] limitSample, double threshold) {
        double[] sorted = limitSample.clone();
        Arrays.sort(sorted);
        return bisect(d -> KolmogorovSmirnov.twoSampleDistance(sorted, scaled(sorted, 1 + d)), threshold);
    }

    /**
     * @param cdf the limit's CDF {@code F}
     * @param grid points at which {@code |F(x) − F(x/(1+δ))|} is evaluated (e.g. the sample)
     * @param threshold {@code critical + observed distance}
     * @return the smallest {@code δ} with {@code D(δ) >= threshold}, or {@code NaN} if none below 10
     */
    static double ksScaleMdd(DoubleUnaryOperator cdf, double[] grid, double threshold) {
        double[] f = Arrays.stream(grid).map(cdf).toArray();
        return bisect(d -> {
            double worst = 0;
            for (int i = 0; i < grid.length; i++) {
                worst = Math.max(worst, Math.abs(f[i] - cdf.applyAsDouble(grid[i] / (1 + d))));
            }
            return worst;
        }, threshold);
    }

    /** @return every value times {@code factor} */
    static double[] scaled(double[] x, double factor) {
        return Arrays.stream(x).map(v -> v * factor).toArray();
    }

    /** @return about {@code m} points of the sorted sample, evenly spaced in rank (a grid for the CDF) */
    static double[] quantileGrid(double[] sample, int m) {
        double[] sorted = sample.clone();
        Arrays.sort(sorted);
        int k = Math.min(m, sorted.length);
        double[] g = new double[k];
        for (int i = 0; i < k; i++) {
            g[i] = sorted[(int) ((long) i * (sorted.length - 1) / Math.max(1, k - 1))];
        }
        return g;
    }

    private static double bisect(DoubleUnaryOperator distance, double threshold) {
        double hi = 10;
        if (distance.applyAsDouble(hi) < threshold) {
            return Double.NaN;
        }
        double lo = 0;
        for (int i = 0; i < 40 && hi - lo > 1e-4; i++) {
            double mid = (lo + hi) / 2;
            if (distance.applyAsDouble(mid) >= threshold) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
