package org.attnlimit.verify;

/**
 * Cholesky factor {@code L} ({@code A = L Lᵀ}) of a small positive semi-definite matrix. Zero pivots are
 * allowed: an empirical Gram matrix is singular whenever two MatMul outputs share a matrix and an input,
 * and the Gaussian row it describes then has a degenerate direction, drawn as zero.
 */
final class Cholesky {
    private Cholesky() {
    }

    static double[][] factor(double[][] a) {
        double[][] l = new double[a.length][a.length];
        factorInto(a, l);
        return l;
    }

    static void factorInto(double[][] a, double[][] l) {
        int m = a.length;
        double scale = 0;
        for (int i = 0; i < m; i++) {
            scale = Math.max(scale, Math.abs(a[i][i]));
        }
        double tiny = 1e-13 * Math.max(scale, Double.MIN_NORMAL);
        for (int j = 0; j < m; j++) {
            double d = a[j][j];
            for (int k = 0; k < j; k++) {
                d -= l[j][k] * l[j][k];
            }
            double pivot = d > tiny ? Math.sqrt(d) : 0;
            l[j][j] = pivot;
            for (int i = j + 1; i < m; i++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                l[i][j] = pivot == 0 ? 0 : s / pivot;
            }
            for (int i = 0; i < j; i++) {
                l[i][j] = 0;
            }
        }
    }
}
