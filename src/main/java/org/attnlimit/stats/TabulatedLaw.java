package org.attnlimit.stats;

import java.util.function.DoubleUnaryOperator;
import org.attnlimit.calculus.Require;

/**
 * A continuous law on ℝ tabulated on an increasing grid {@code x_0 < … < x_m}: CDF and density by
 * linear interpolation, {@code F = 0} left of {@code x_0} and {@code 1} right of {@code x_m}. Used to
 * evaluate an expensive limit CDF (a Gaussian scale mixture) millions of times, e.g. once per order
 * statistic in {@link Wasserstein}. The grid must cover the law up to negligible tail mass; the
 * interpolation error is at most {@code max|F''|·Δx²/8}.
 *
 * @param x the grid
 * @param cdf F at the grid points (non-decreasing, in [0, 1])
 * @param pdf the density at the grid points
 */
public record TabulatedLaw(double[] x, double[] cdf, double[] pdf) {

    /** Validates the table. */
    public TabulatedLaw {
        if (x.length < 2 || cdf.length != x.length || pdf.length != x.length) {
            throw new IllegalArgumentException("tabulated law needs >= 2 grid points and matching columns");
        }
        for (int i = 1; i < x.length; i++) {
            if (!(x[i] > x[i - 1])) {
                throw new IllegalArgumentException("grid must be increasing at index " + i);
            }
        }
        x = x.clone();
        cdf = cdf.clone();
        pdf = pdf.clone();
    }

    /** @return the law of {@code F} and {@code f} tabulated on {@code m + 1} equispaced points of [lo, hi] */
    public static TabulatedLaw of(DoubleUnaryOperator cdf, DoubleUnaryOperator pdf, double lo, double hi, int m) {
        Require.atLeast("grid intervals", m, 1);
        if (!(hi > lo)) {
            throw new IllegalArgumentException("grid needs lo < hi, got [" + lo + ", " + hi + "]");
        }
        double[] x = new double[m + 1];
        double[] f = new double[m + 1];
        double[] d = new double[m + 1];
        for (int i = 0; i <= m; i++) {
            x[i] = lo + (hi - lo) * i / m;
            f[i] = cdf.applyAsDouble(x[i]);
            d[i] = pdf.applyAsDouble(x[i]);
        }
        return new TabulatedLaw(x, f, d);
    }

    /** @return F(t) */
    public double cdf(double t) {
        return interpolate(cdf, t, 0.0, 1.0);
    }

    /** @return the density at t */
    public double pdf(double t) {
        return interpolate(pdf, t, 0.0, 0.0);
    }

    /** @return the smallest grid point */
    public double lower() {
        return x[0];
    }

    /** @return the largest grid point */
    public double upper() {
        return x[x.length - 1];
    }

    private double interpolate(double[] y, double t, double left, double right) {
        if (!(t > x[0])) {
            return t == x[0] ? y[0] : left;
        }
        int m = x.length - 1;
        if (t >= x[m]) {
            return t == x[m] ? y[m] : right;
        }
        double h = (x[m] - x[0]) / m;
        int i = (int) ((t - x[0]) / h);
        if (i >= m) {
            i = m - 1;
        }
        // Equispaced grids are found in O(1); fix up rounding at cell edges, or search otherwise.
        if (t < x[i] || t > x[i + 1]) {
            i = java.util.Arrays.binarySearch(x, t);
            i = i >= 0 ? Math.min(i, m - 1) : -i - 2;
        }
        double w = (t - x[i]) / (x[i + 1] - x[i]);
        return y[i] + w * (y[i + 1] - y[i]);
    }
}
