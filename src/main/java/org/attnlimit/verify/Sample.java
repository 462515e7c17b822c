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

    /**
     * Pearson's correlation of paired draws with its delta-method standard error: {@code sd(ψ)/√N},
     * {@code ψ = x̃ỹ − r(x̃² + ỹ²)/2} (its influence function; {@code x̃, ỹ} standardised), which is {@code 1/√N}
     * for independent variables whatever their laws.
     */
    static Sample correlation(double[] x, double[] y) {
        int n = x.length;
        Sample mx = of(x);
        Sample my = of(y);
        double sx = mx.se() * Math.sqrt(n);
        double sy = my.se() * Math.sqrt(n);
        double r = 0;
        for (int i = 0; i < n; i++) {
            r += (x[i] - mx.mean()) / sx * ((y[i] - my.mean()) / sy);
        }
        r /= n - 1;
        double[] psi = new double[n];
        for (int i = 0; i < n; i++) {
            double a = (x[i] - mx.mean()) / sx;
            double b = (y[i] - my.mean()) / sy;
            psi[i] = a * b - r * (a * a + b * b) / 2;
        }
        return new Sample(r, of(psi).se(), n);
    }

    /** @return the half-width {@code Z·se} of the interval at the suite's level */
    double halfWidth() {
        return Settings.Z * se;
    }
}
