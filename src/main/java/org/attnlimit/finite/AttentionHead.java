package org.attnlimit.finite;

/**
 * The arithmetic shared by both simulators: the row-wise softmax of Example 3.1 in log-sum-exp form,
 * and a Cholesky factor of a positive semi-definite Gram matrix.
 */
final class AttentionHead {
    private AttentionHead() {
    }

    /**
     * @return {@code Σ_j softmax_j(p) u_j}, computed as {@code Σ_j e^{p_j − max p} u_j / Σ_j e^{p_j − max p}}
     *     so that large scores cannot overflow
     */
    static double softmaxDot(double[] p, double[] u, int s) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < s; j++) {
            max = Math.max(max, p[j]);
        }
        double num = 0;
        double den = 0;
        for (int j = 0; j < s; j++) {
            double w = Math.exp(p[j] - max);
            num += w * u[j];
            den += w;
        }
        return num / den;
    }

    /**
     * Lower-triangular {@code L} (row-major, {@code s×s}) with {@code LLᵀ = G} for a positive
     * <em>semi</em>-definite {@code G}. A pivot that is zero up to rounding (a token input that is, up
     * to rounding, a combination of earlier ones — e.g. an all-zero ReLU input at tiny width) gets a
     * zero column, which still gives {@code LLᵀ = G}. Hand-written because Hipparchus's
     * {@code CholeskyDecomposition} rejects singular matrices and allocates per call, and this runs
     * once per sample on an {@code s×s} matrix.
     */
    static void choleskyPsd(double[] g, double[] l, int s) {
        double trace = 0;
        for (int i = 0; i < s; i++) {
            trace += g[i * s + i];
        }
        double tiny = 1e-13 * trace;
        for (int j = 0; j < s; j++) {
            double d = g[j * s + j];
            for (int k = 0; k < j; k++) {
                d -= l[j * s + k] * l[j * s + k];
            }
            double pivot = d > tiny ? Math.sqrt(d) : 0.0;
            l[j * s + j] = pivot;
            for (int i = j + 1; i < s; i++) {
                double v = g[i * s + j];
                for (int k = 0; k < j; k++) {
                    v -= l[i * s + k] * l[j * s + k];
                }
                l[i * s + j] = pivot > 0 ? v / pivot : 0.0;
            }
            for (int i = 0; i < j; i++) {
                l[i * s + j] = 0.0;
            }
        }
    }

    /** {@code out = scale · L z} for lower-triangular row-major {@code L}. */
    static void lowerTimes(double[] l, double[] z, double scale, double[] out, int s) {
        for (int i = 0; i < s; i++) {
            double v = 0;
            for (int k = 0; k <= i; k++) {
                v += l[i * s + k] * z[k];
            }
            out[i] = scale * v;
        }
    }
}
