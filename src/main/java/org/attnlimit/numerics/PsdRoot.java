package org.attnlimit.numerics;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * The one square root of a positive <em>semi</em>-definite matrix {@code G}: a lower-triangular Cholesky
 * factor {@code L} with {@code LLᵀ = G} (for sampling, once per draw) and the symmetric root
 * {@code G^{1/2} = V diag(√λ) Vᵀ} (for quadrature nodes and Gaussian vectors in general position).
 *
 * <p>The Cholesky factor is hand-written because Hipparchus's {@code CholeskyDecomposition} rejects
 * singular matrices and allocates per call: a pivot that is zero up to rounding (a token input that is,
 * up to rounding, a combination of earlier ones — e.g. an all-zero ReLU input at tiny width, or two
 * MatMul outputs sharing a matrix and an input) gets a zero column, which still gives {@code LLᵀ = G}
 * and draws the degenerate direction as zero.
 */
public final class PsdRoot {
    /** A pivot at most this fraction of {@code tr G} is rounding of a zero pivot. */
    private static final double ZERO_PIVOT = 1e-13;

    private PsdRoot() {
    }

    /** Cholesky factor of {@code g} (row-major {@code s×s}) into {@code l} (row-major, lower-triangular). */
    public static void cholesky(double[] g, double[] l, int s) {
        double trace = 0;
        for (int i = 0; i < s; i++) {
            trace += g[i * s + i];
        }
        double tiny = ZERO_PIVOT * trace;
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

    /** Cholesky factor of the square matrix {@code a} into {@code l} (the same factor as the flat form). */
    public static void cholesky(double[][] a, double[][] l) {
        int m = a.length;
        double[] g = new double[m * m];
        for (int i = 0; i < m; i++) {
            System.arraycopy(a[i], 0, g, i * m, m);
        }
        double[] f = new double[m * m];
        cholesky(g, f, m);
        for (int i = 0; i < m; i++) {
            System.arraycopy(f, i * m, l[i], 0, m);
        }
    }

    /** @return the Cholesky factor of the square matrix {@code a} */
    public static double[][] cholesky(double[][] a) {
        double[][] l = new double[a.length][a.length];
        cholesky(a, l);
        return l;
    }

    /** {@code out = scale · L z} for lower-triangular row-major {@code L}. */
    public static void lowerTimes(double[] l, double[] z, double scale, double[] out, int s) {
        for (int i = 0; i < s; i++) {
            double v = 0;
            for (int k = 0; k <= i; k++) {
                v += l[i * s + k] * z[k];
            }
            out[i] = scale * v;
        }
    }

    /** @return the symmetric square root of {@code c} (eigen-decomposition; works when it is singular) */
    public static double[][] symmetric(double[][] c) {
        return symmetric(c, 1);
    }

    /**
     * @return the symmetric square root of {@code factor·c}, {@code Σ_m √max(0, factor·λ_m) v_m v_mᵀ}
     *     (negative eigenvalues from rounding count as zero)
     */
    public static double[][] symmetric(double[][] c, double factor) {
        int k = c.length;
        double[][] root = new double[k][k];
        if (k == 0) {
            return root;
        }
        double scale = scale(c);
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(c).scalarMultiply(1 / scale));
        double[] lambda = eig.getEigenvalues().clone();
        for (int m = 0; m < lambda.length; m++) {
            lambda[m] *= scale;
        }
        for (int m = 0; m < k; m++) {
            double f = Math.sqrt(Math.max(0.0, factor * lambda[m]));
            double[] v = eig.getEigenvector(m).toArray();
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    root[i][j] += f * v[i] * v[j];
                }
            }
        }
        return root;
    }

    /**
     * @return the principal directions {@code d_m = √(factor·λ_m) v_m} of {@code c} with
     *     {@code λ_m > relative · max(0, λ_max)}, so that {@code factor·c ≈ Σ_m d_m d_mᵀ} in the directions that
     *     matter: a rank-revealing root, for quadrature over the non-degenerate part of a Gaussian
     */
    public static double[][] principalDirections(double[][] c, double factor, double relative) {
        double scale = scale(c);
        EigenDecompositionSymmetric eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(c).scalarMultiply(1 / scale));
        double[] lambda = eig.getEigenvalues().clone();
        for (int m = 0; m < lambda.length; m++) {
            lambda[m] *= scale;
        }
        double top = 0;
        for (double l : lambda) {
            top = Math.max(top, l);
        }
        java.util.List<double[]> dirs = new java.util.ArrayList<>();
        for (int i = 0; i < lambda.length; i++) {
            if (lambda[i] > relative * top) {
                double[] e = eig.getEigenvector(i).toArray();
                double length = Math.sqrt(factor * lambda[i]);
                for (int j = 0; j < e.length; j++) {
                    e[j] *= length;
                }
                dirs.add(e);
            }
        }
        return dirs.toArray(new double[0][]);
    }

    /**
     * The largest absolute entry of {@code c} (1 for a zero matrix): the decomposition runs on {@code c / scale},
     * whose entries are at most 1, because Hipparchus' symmetric eigensolver fails to converge on matrices of
     * tiny or huge scale (a Gram matrix of 1e-140, from clip with c = 1e-70); eigenvectors do not change and the
     * eigenvalues are scaled back.
     */
    private static double scale(double[][] c) {
        double max = 0;
        for (double[] row : c) {
            for (double x : row) {
                max = Math.max(max, Math.abs(x));
            }
        }
        return max > 0 && Double.isFinite(max) ? max : 1;
    }
}
