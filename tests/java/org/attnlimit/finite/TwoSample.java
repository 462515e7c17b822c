package org.attnlimit.finite;

import static org.assertj.core.api.Assertions.assertThat;

import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample comparison of the same-law tests of this package, for two independent samples (drawn
 * on independent streams): the standard error of a difference of means is {@code √(s_a²/N_a + s_b²/N_b)}
 * with both variances from the samples themselves.
 */
final class TwoSample {
    private TwoSample() {
    }

    /**
     * Asserts two-sample Kolmogorov–Smirnov p-value {@code > pMin}, and for each {@code k} in
     * {@code powers} {@code |mean(a^k) − mean(b^k)| ≤ z·SE}; the caller states how pMin and z follow from
     * its error budget.
     */
    static void assertSameLaw(double[] a, double[] b, double pMin, double z, int... powers) {
        double p = new KolmogorovSmirnovTest().kolmogorovSmirnovTest(a, b);
        assertThat(p).as("KS p-value").isGreaterThan(pMin);
        for (int k : powers) {
            double[] ak = powers(a, k);
            double[] bk = powers(b, k);
            double se = standardError(ak, bk);
            assertThat(Math.abs(mean(ak) - mean(bk))).as("E[y^%d] difference, SE %g", k, se).isLessThanOrEqualTo(z * se);
        }
    }

    /** @return the standard error of {@code mean(a) − mean(b)} for independent samples */
    static double standardError(double[] a, double[] b) {
        return Math.sqrt(variance(a) / a.length + variance(b) / b.length);
    }

    static double[] powers(double[] x, int k) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.pow(x[i], k);
        }
        return out;
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** @return the unbiased sample variance */
    static double variance(double[] x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }
}
