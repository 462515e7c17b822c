package org.attnlimit.verify;

import java.util.function.DoubleUnaryOperator;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Wasserstein;

/** Two-sample distances between a finite-width sample and a limit sample (from {@code stats}), and the KS critical value. */
final class Distances {
    private Distances() {
    }

    /** @return the two-sample Kolmogorov–Smirnov statistic {@code sup_t |F_a(t) − F_b(t)|} */
    static double ks(double[] a, double[] b) {
        return KolmogorovSmirnov.twoSampleDistance(a, b);
    }

    /** @return the asymptotic critical value of {@link #ks} at level {@code alpha} */
    static double ksCritical(int m, int n, double alpha) {
        return Math.sqrt(-Math.log(alpha / 2) / 2 * (m + n) / ((double) m * n));
    }

    /** @return the Wasserstein-1 distance {@code ∫|F_a − F_b|} of two samples */
    static double w1(double[] a, double[] b) {
        return Wasserstein.twoSample(a, b);
    }

    static double[] map(double[] x, DoubleUnaryOperator f) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = f.applyAsDouble(x[i]);
        }
        return y;
    }
}
