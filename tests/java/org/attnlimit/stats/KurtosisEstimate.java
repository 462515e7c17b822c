package org.attnlimit.stats;

/**
 * The sample excess kurtosis {@code κ̂ = m4/m2² − 3} of centred draws (the law is symmetric with mean 0,
 * so moments are about 0), with its standard error by the delta method from the same draws: the influence
 * function {@code (y⁴ − m4)/m2² − 2m4(y² − m2)/m2³} has sample standard deviation {@code sd}, and
 * {@code SE = sd/√N}.
 *
 * @param value {@code κ̂}
 * @param se its standard error
 * @param secondMoment {@code m2}
 * @param fourthMoment {@code m4}
 */
public record KurtosisEstimate(double value, double se, double secondMoment, double fourthMoment) {

    /** @return the estimate from draws of a law symmetric about 0 */
    public static KurtosisEstimate of(double[] y) {
        int n = y.length;
        double m2 = 0;
        double m4 = 0;
        for (double v : y) {
            double v2 = v * v;
            m2 += v2;
            m4 += v2 * v2;
        }
        m2 /= n;
        m4 /= n;
        double ss = 0;
        for (double v : y) {
            double v2 = v * v;
            double inf = (v2 * v2 - m4) / (m2 * m2) - 2 * m4 * (v2 - m2) / (m2 * m2 * m2);
            ss += inf * inf;
        }
        return new KurtosisEstimate(m4 / (m2 * m2) - 3, Math.sqrt(ss / (n - 1) / n), m2, m4);
    }

    /** @return the standard error of the difference of two independent estimates */
    public double seOfDifference(KurtosisEstimate other) {
        return Math.hypot(se, other.se);
    }
}
