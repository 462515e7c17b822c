package org.attnlimit.verify;

/** The two-sample KS critical value shared by the distribution checks (the distances are in {@code stats}). */
final class Distances {
    private Distances() {
    }

    /** @return the asymptotic critical value of the two-sample KS statistic at level {@code alpha}, sample sizes m and n */
    static double ksCritical(int m, int n, double alpha) {
        return Math.sqrt(-Math.log(alpha / 2) / 2 * (m + n) / ((double) m * n));
    }
}
