package org.attnlimit.stats;

import org.attnlimit.calculus.InvalidInputException;

/**
 * Sample variance and excess kurtosis of a centred-by-design quantity, with delta-method standard
 * errors (Example 3.1: {@code Var = E[V]}, excess kurtosis {@code 3E[V²]/E[V]² − 3}).
 *
 * @param mean sample mean
 * @param variance sample variance
 * @param varianceSe standard error of the variance, {@code √((m₄ − m₂²)/N)}
 * @param excessKurtosis {@code m₄/m₂² − 3}
 * @param excessKurtosisSe delta-method standard error of the excess kurtosis
 * @param count N
 */
public record Moments(double mean, double variance, double varianceSe, double excessKurtosis,
        double excessKurtosisSe, int count) {

    /** @return the moments of {@code x} (central moments about the sample mean) */
    public static Moments of(double[] x) {
        int n = x.length;
        if (n < 2) {
            throw new InvalidInputException("moments need at least 2 samples, got " + n);
        }
        double mean = 0;
        for (double v : x) {
            mean += v;
        }
        mean /= n;
        double m2 = 0;
        double m4 = 0;
        double m6 = 0;
        double m8 = 0;
        for (double v : x) {
            double d2 = (v - mean) * (v - mean);
            m2 += d2;
            m4 += d2 * d2;
            m6 += d2 * d2 * d2;
            m8 += d2 * d2 * d2 * d2;
        }
        m2 /= n;
        m4 /= n;
        m6 /= n;
        m8 /= n;
        double varSe = Math.sqrt(Math.max(0, m4 - m2 * m2) / n);
        double kurt = m4 / (m2 * m2) - 3;
        // Delta method for g(m2, m4) = m4/m2²: gradient (−2m4/m2³, 1/m2²), covariance of (d², d⁴)/N.
        double g2 = -2 * m4 / (m2 * m2 * m2);
        double g4 = 1 / (m2 * m2);
        double v22 = m4 - m2 * m2;
        double v44 = m8 - m4 * m4;
        double v24 = m6 - m2 * m4;
        double kurtSe = Math.sqrt(Math.max(0, g2 * g2 * v22 + 2 * g2 * g4 * v24 + g4 * g4 * v44) / n);
        return new Moments(mean, n / (n - 1.0) * m2, varSe, kurt, kurtSe, n);
    }
}
