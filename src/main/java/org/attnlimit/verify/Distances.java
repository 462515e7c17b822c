package org.attnlimit.verify;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/** Two-sample distances between a finite-width sample and a limit sample. */
final class Distances {
    private Distances() {
    }

    /** @return the two-sample Kolmogorov–Smirnov statistic {@code sup_t |F_a(t) − F_b(t)|} */
    static double ks(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        int i = 0;
        int j = 0;
        double d = 0;
        while (i < x.length && j < y.length) {
            double t = Math.min(x[i], y[j]);
            while (i < x.length && x[i] <= t) {
                i++;
            }
            while (j < y.length && y[j] <= t) {
                j++;
            }
            d = Math.max(d, Math.abs((double) i / x.length - (double) j / y.length));
        }
        return d;
    }

    /** @return the asymptotic critical value of {@link #ks} at level {@code alpha} */
    static double ksCritical(int m, int n, double alpha) {
        return Math.sqrt(-Math.log(alpha / 2) / 2 * (m + n) / ((double) m * n));
    }

    /** @return the Wasserstein-1 distance of two samples of equal size (mean gap of order statistics) */
    static double w1(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("w1 needs samples of equal size");
        }
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }

    static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }
}
