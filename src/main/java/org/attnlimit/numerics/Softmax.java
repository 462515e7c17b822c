package org.attnlimit.numerics;

/**
 * The one softmax of the code base (Example 3.1, {@code softmax_j(p) = e^{p_j} / Σ_l e^{p_l}}), in
 * log-sum-exp form, and the quadratic form {@code sᵀKs} of the conditional variance
 * {@code V = σ_O²σ_V² softmax(p)ᵀ K softmax(p)}. Hand-written: no library offers a softmax that writes
 * into a caller's array (this runs once per sample or quadrature node).
 */
public final class Softmax {
    private Softmax() {
    }

    /**
     * Writes {@code softmax(p)} into {@code out}. Subtracting {@code max p} first (log-sum-exp) keeps
     * every exponent ≤ 0, so huge scores give a finite result (a one-hot vector in the limit).
     * {@code out} may be {@code p} itself.
     */
    public static void apply(double[] p, double[] out) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : p) {
            max = Math.max(max, x);
        }
        double sum = 0;
        int last = Mutation.SOFTMAX_DROPS_LAST_TOKEN.planted() ? p.length - 1 : p.length;
        for (int j = 0; j < p.length; j++) {
            out[j] = Math.exp(p[j] - max);
            sum += j < last ? out[j] : 0;
        }
        for (int j = 0; j < p.length; j++) {
            out[j] /= sum;
        }
    }

    /** @return {@code softmax(p)} in a new array */
    public static double[] weights(double[] p) {
        double[] s = new double[p.length];
        apply(p, s);
        return s;
    }

    /**
     * @return {@code Σ_j softmax_j(p) u_j} over the first {@code s} entries, computed as
     *     {@code Σ_j e^{p_j − max p} u_j / Σ_j e^{p_j − max p}} so that large scores cannot overflow
     */
    public static double dot(double[] p, double[] u, int s) {
        return dot(p, 0, u, 0, s);
    }

    /** @return {@code Σ_j softmax_j(p[pFrom..pFrom+s)) u[uFrom + j]}, as {@link #dot(double[], double[], int)} */
    public static double dot(double[] p, int pFrom, double[] u, int uFrom, int s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
            max = Math.max(max, p[pFrom + j]);
        }
        double num = 0;
        double den = 0;
        int last = Mutation.SOFTMAX_DROPS_LAST_TOKEN.planted() ? s - 1 : s;
        for (int j = 0; j < s; j++) {
            double w = Math.exp(p[pFrom + j] - max);
            num += w * u[uFrom + j];
            den += j < last ? w : 0;
        }
        return num / den;
    }

    /** @return {@code sᵀKs} */
    public static double quadratic(double[][] k, double[] s) {
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
