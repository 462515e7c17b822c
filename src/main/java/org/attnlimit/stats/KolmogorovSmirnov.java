package org.attnlimit.stats;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.hipparchus.stat.inference.KolmogorovSmirnovTest;

/**
 * Kolmogorov–Smirnov distance {@code D_N = sup_x |F_N(x) − F(x)|} of a sample from a continuous CDF F,
 * with the p-value of the one-sample test (Hipparchus) and a distribution-free interval for the true
 * distance {@code D = sup|G − F|} (G the sample's law): by the triangle inequality
 * {@code |D_N − D| ≤ sup|F_N − G|}, and by the Dvoretzky–Kiefer–Wolfowitz inequality (Massart's
 * constant) {@code P(sup|F_N − G| > ε) ≤ 2e^{−2Nε²}}.
 */
public final class KolmogorovSmirnov {
    private KolmogorovSmirnov() {
    }

    /**
     * @param distance {@code D_N}
     * @param pValue probability of a distance at least {@code D_N} for a sample of F
     * @param interval DKW interval for the true distance
     */
    public record Result(double distance, double pValue, Interval interval) {
    }

    /** @return {@code D_N} of {@code sample} from {@code cdf}, in O(N log N) */
    public static double distance(double[] sample, DoubleUnaryOperator cdf) {
        double[] x = sample.clone();
        Arrays.sort(x);
        return distanceSorted(x, cdf);
    }

    /** @return {@code D_N} of an already sorted sample */
    public static double distanceSorted(double[] sorted, DoubleUnaryOperator cdf) {
        int n = sorted.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            d = Math.max(d, Math.max((i + 1.0) / n - f, f - (double) i / n));
        }
        return d;
    }

    /** @return the two-sample statistic {@code sup_t |F_a(t) − F_b(t)|} (Hipparchus, exact on the merged sample) */
    public static double twoSampleDistance(double[] a, double[] b) {
        return new KolmogorovSmirnovTest().kolmogorovSmirnovStatistic(a, b);
    }

    /** @return distance, p-value and the DKW interval of level {@code 1 − alpha} */
    public static Result test(double[] sample, DoubleUnaryOperator cdf, double alpha) {
        double[] x = sample.clone();
        Arrays.sort(x);
        return testSorted(x, cdf, alpha);
    }

    /** @return distance, p-value and the DKW interval of level {@code 1 − alpha}, for an already sorted sample */
    public static Result testSorted(double[] sorted, DoubleUnaryOperator cdf, double alpha) {
        double d = distanceSorted(sorted, cdf);
        int n = sorted.length;
        double p = 1.0 - new KolmogorovSmirnovTest().cdf(d, n);
        double eps = dkwEpsilon(n, alpha);
        return new Result(d, Math.max(0.0, p), new Interval(d, Math.max(0.0, d - eps), Math.min(1.0, d + eps), 1 - alpha));
    }

    /** @return ε with {@code 2e^{−2Nε²} = α} (DKW–Massart) */
    public static double dkwEpsilon(int n, double alpha) {
        return Math.sqrt(Math.log(2 / alpha) / (2.0 * n));
    }

    /**
     * @return the critical value of the two-sample statistic {@code D_{m,n}} at level {@code alpha}: the
     *     asymptotic bound {@code P(√(mn/(m+n)) D > x) ≤ 2e^{−2x²}} (Smirnov; exact as m, n → ∞) solved for
     *     {@code x}, i.e. {@code √(−ln(α/2)/2 · (m+n)/(mn))}. With {@link #dkwEpsilon} (its one-sample
     *     counterpart) the only KS critical value of the code base.
     */
    public static double twoSampleCritical(int m, int n, double alpha) {
        return Math.sqrt(-Math.log(alpha / 2) / 2 * (m + n) / ((double) m * n));
    }
}
