package org.attnlimit.stats;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * Wasserstein-1 distance {@code W_1 = ∫ |F_N(x) − F(x)| dx} (the L¹ distance of CDFs on ℝ).
 *
 * <p>Against a continuous F: exact on the sorted sample, since {@code F_N = k/N} is constant between
 * order statistics {@code x_(k) < x_(k+1)}; there {@code ∫|k/N − F|} is {@code |(b−a)k/N − ∫F|} unless
 * F crosses {@code k/N} inside, in which case the interval is split at the crossing (located by linear
 * interpolation, exact for piecewise-linear tabulated F). {@code ∫F} uses Simpson's rule on each
 * interval; the tails outside the sample use composite Simpson on [lo, x_(1)] and [x_(N), hi], where
 * {@code [lo, hi]} carries all but negligible mass of F. Hand-written because no library integrates
 * against an empirical step function.
 */
public final class Wasserstein {
    private static final int TAIL_PIECES = 400;

    private Wasserstein() {
    }

    /** @return {@code W_1} of {@code sample} from F, whose mass lies in [lo, hi] up to negligible tails */
    public static double distance(double[] sample, DoubleUnaryOperator cdf, double lo, double hi) {
        double[] x = sample.clone();
        Arrays.sort(x);
        return distanceSorted(x, cdf, lo, hi);
    }

    /** @return {@code W_1} of a sorted sample from F */
    public static double distanceSorted(double[] x, DoubleUnaryOperator cdf, double lo, double hi) {
        int n = x.length;
        double total = tails(x, cdf, lo, hi);
        double fa = cdf.applyAsDouble(x[0]);
        for (int k = 1; k < n; k++) {
            double a = x[k - 1];
            double b = x[k];
            double fb = cdf.applyAsDouble(b);
            if (b > a) {
                total += piece(a, b, fa, fb, simpsonPiece(cdf, a, b, fa, fb), (double) k / n);
            }
            fa = fb;
        }
        return total;
    }

    /** @return {@code ∫|F_N − F|} outside the sample: {@code ∫_lo^{x_(1)} F + ∫_{x_(N)}^hi (1 − F)} */
    static double tails(double[] sorted, DoubleUnaryOperator cdf, double lo, double hi) {
        int n = sorted.length;
        double total = 0;
        if (lo < sorted[0]) {
            total += simpson(cdf, lo, sorted[0], TAIL_PIECES, 0.0);
        }
        if (hi > sorted[n - 1]) {
            total += simpson(cdf, sorted[n - 1], hi, TAIL_PIECES, 1.0);
        }
        return total;
    }

    /** @return {@code ∫_a^b F} by Simpson's rule, given {@code F(a)} and {@code F(b)} */
    static double simpsonPiece(DoubleUnaryOperator cdf, double a, double b, double fa, double fb) {
        return (b - a) * (fa + 4 * cdf.applyAsDouble(0.5 * (a + b)) + fb) / 6;
    }

    /**
     * @return {@code ∫_a^b |level − F|} for F increasing from {@code fa} to {@code fb} with integral
     *     {@code integralF}: {@code |(b−a)·level − ∫F|} unless F crosses the level inside, where the
     *     interval is split at the crossing located by linear interpolation
     */
    static double piece(double a, double b, double fa, double fb, double integralF, double level) {
        if ((fa - level) * (fb - level) >= 0) {
            return Math.abs((b - a) * level - integralF);
        }
        double c = a + (b - a) * (level - fa) / (fb - fa);
        return 0.5 * (c - a) * Math.abs(fa - level) + 0.5 * (b - c) * Math.abs(fb - level);
    }

    /** @return {@code ∫_a^b |level − F|} by composite Simpson (used on the tails, where F_N is 0 or 1) */
    private static double simpson(DoubleUnaryOperator cdf, double a, double b, int pieces, double level) {
        double h = (b - a) / pieces;
        double sum = 0;
        for (int i = 0; i < pieces; i++) {
            double l = a + i * h;
            sum += h * (Math.abs(level - cdf.applyAsDouble(l)) + 4 * Math.abs(level - cdf.applyAsDouble(l + 0.5 * h))
                    + Math.abs(level - cdf.applyAsDouble(l + h))) / 6;
        }
        return sum;
    }

    /** @return {@code W_1 = ∫|F_N − G_M|} between two samples, exactly, by merging the sorted samples */
    public static double twoSample(double[] first, double[] second) {
        double[] x = first.clone();
        double[] y = second.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double total = 0;
        double prev = Math.min(x[0], y[0]);
        while (i < x.length || j < y.length) {
            double next = j >= y.length || (i < x.length && x[i] <= y[j]) ? x[i] : y[j];
            total += (next - prev) * Math.abs((double) i / x.length - (double) j / y.length);
            if (j >= y.length || (i < x.length && x[i] <= y[j])) {
                i++;
            } else {
                j++;
            }
            prev = next;
        }
        return total;
    }
}
