package org.attnlimit.finite;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.rng.sampling.distribution.ContinuousSampler;

/**
 * One weight matrix {@code W} (iid {@code N(0, σ_W²/n)} entries) of one realisation, represented only
 * through the products it has made (Gaussian conditioning, MATH.md §8; theory/conditioning-sampler.md).
 *
 * <p>It keeps an orthonormal basis {@code q_1..q_r} of the span of the vectors multiplied so far and the
 * images {@code b_m = W q_m}. A new product {@code W x} is
 * {@code W x = Σ_m c_m b_m + ρ · b_{r+1}}, {@code c = Qᵀx}, {@code ρ = ‖Π⊥x‖}, {@code q_{r+1} = Π⊥x/ρ},
 * {@code b_{r+1} = σ_W n^{−1/2} ξ}, {@code ξ ~ N(0, I_n)} fresh: since {@code q_{r+1}} is a unit vector
 * orthogonal to {@code q_1..q_r} and fixed by what was computed before, {@code W q_{r+1}} is independent of
 * {@code W q_1..W q_r} with iid {@code N(0, σ_W²/n)} entries. This is
 * {@code W x_j = Y c + σ_W n^{−1/2}‖Π⊥x_j‖ ξ} of MATH.md §8 written in an orthonormal basis of span(X).
 *
 * <p>Numerics: classical Gram–Schmidt with one re-orthogonalisation when the first pass removed more
 * than half of {@code ‖x‖} (Kahan–Parlett "twice is enough"), rather than the normal equations
 * {@code (XᵀX)c = Xᵀx}, whose condition number is squared. Rank deficiency: when
 * {@code ‖Π⊥x‖ ≤ 1e-12·‖x‖} (or the basis already has {@code n} vectors) {@code x} is taken to lie in the
 * span and no noise is drawn; the term dropped is a Gaussian vector of standard deviation
 * {@code ≤ 1e-12·σ_W‖x‖/√n} per coordinate, below double rounding of {@code W x} itself. Cost of a product:
 * {@code O(n·r)} flops plus {@code n} normals; memory {@code 2·r·n} doubles. Not thread-safe (one per
 * realisation).
 */
final class ConditionedMatrix {
    /** Relative residual below which a vector is taken to lie in the span of the earlier ones. */
    static final double RANK_TOLERANCE = 1e-12;

    private final int n;
    private final double scale;
    private final List<double[]> basis = new ArrayList<>();
    private final List<double[]> images = new ArrayList<>();
    private long normalsDrawn;

    /**
     * @param variance {@code σ_W²}
     * @param n the width
     */
    ConditionedMatrix(double variance, int n) {
        this.n = n;
        this.scale = Math.sqrt(variance / n);
    }

    /** @return the number of basis vectors kept (the rank of the vectors multiplied so far) */
    int rank() {
        return basis.size();
    }

    /** @return the number of fresh normals drawn so far */
    long normalsDrawn() {
        return normalsDrawn;
    }

    /**
     * @param x the vector to multiply (not modified)
     * @param gauss the standard normal source of this realisation
     * @return {@code W x}, exact in law given every earlier product of this matrix
     */
    double[] multiply(double[] x, ContinuousSampler gauss) {
        int r = basis.size();
        double[] residual = x.clone();
        double[] c = new double[r + 1];
        double norm0 = Math.sqrt(dot(x, x));
        double norm = norm0;
        if (r > 0 && norm0 > 0) {
            project(residual, c);
            norm = Math.sqrt(dot(residual, residual));
            if (norm < 0.5 * norm0) {
                project(residual, c);   // second pass: restores orthogonality lost to cancellation
                norm = Math.sqrt(dot(residual, residual));
            }
        }
        double[] out = new double[n];
        for (int m = 0; m < r; m++) {
            axpy(c[m], images.get(m), out);
        }
        if (norm > RANK_TOLERANCE * norm0 && r < n) {
            double inv = 1.0 / norm;
            for (int a = 0; a < n; a++) {
                residual[a] *= inv;
            }
            double[] image = new double[n];
            for (int a = 0; a < n; a++) {
                image[a] = scale * gauss.sample();
            }
            normalsDrawn += n;
            basis.add(residual);
            images.add(image);
            axpy(norm, image, out);
        }
        return out;
    }

    /** {@code v ← v − Σ_m ⟨q_m, v⟩ q_m}, accumulating the coefficients into {@code c}. */
    private void project(double[] v, double[] c) {
        int r = basis.size();
        double[] coef = new double[r];
        for (int m = 0; m < r; m++) {
            coef[m] = dot(basis.get(m), v);   // classical GS: all coefficients from the same v
        }
        for (int m = 0; m < r; m++) {
            axpy(-coef[m], basis.get(m), v);
            c[m] += coef[m];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static void axpy(double alpha, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }
}
