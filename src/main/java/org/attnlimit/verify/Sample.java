package org.attnlimit.verify;

import java.util.function.DoubleUnaryOperator;

/**
 * A Monte Carlo sample's mean and standard error: the interval {@code mean ± Z·se} of every check.
 *
 * @param mean the sample mean
 * @param se its standard error {@code sd / √N}
 * @param size {@code N}
 */
record Sample(double mean, double se, int size) {

    static Sample of(double[] values) {
        int n = values.length;
        double m = 0;
        for (double v : values) {
            m += v;
        }
        m /= n;
        double ss = 0;
        for (double v : values) {
            ss += (v - m) * (v - m);
        }
        return new Sample(m, Math.sqrt(ss / (n - 1) / n), n);
    }

    static Sample of(double[] values, DoubleUnaryOperator f) {
        double[] y = new double[values.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = f.applyAsDouble(values[i]);
        }
        return of(y);
    }

    /** @return the half-width {@code Z·se} of the interval at the suite's level */
    double halfWidth() {
        return Settings.Z * se;
    }
}
