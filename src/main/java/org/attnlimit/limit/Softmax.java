package org.attnlimit.limit;

/** Numerically safe softmax and the quadratic form {@code sᵀKs} of Example 3.1. */
final class Softmax {
    private Softmax() {
    }

    /**
     * Writes {@code softmax(p)} into {@code out}. Subtracting {@code max p} first (log-sum-exp) keeps
     * every exponent ≤ 0, so huge scores give a finite result (a one-hot vector in the limit).
     */
    static void apply(double[] p, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : p) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int j = 0; j < p.length; j++) {
            out[j] = Math.exp(p[j] - max);
            sum += out[j];
        }
        for (int j = 0; j < p.length; j++) {
            out[j] /= sum;
        }
    }

    /** @return {@code sᵀKs} */
    static double quadratic(double[][] k, double[] s) {
        double q = 0;
        for (int j = 0; j < s.length; j++) {
            double row = 0;
            for (int l = 0; l < s.length; l++) {
                row += k[j][l] * s[l];
            }
            q += s[j] * row;
        }
        return q;
    }
}
