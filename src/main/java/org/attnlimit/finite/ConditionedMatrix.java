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
 * <p>The Gram–Schmidt work depends only on the sequence of vectors multiplied, not on the matrix: the
 * query, key and value matrices of a head all multiply {@code x_1, x_2, …}. So bases live in a
 * {@link Basis} tree shared by every matrix of a realisation — a node is the basis after a sequence of
 * inputs, a child the basis after one more — and each matrix keeps only its own images {@code b_m}.
 * Orthogonalisation then costs {@code O(n·r)} once per distinct sequence, and a product costs {@code r}
 * vector updates plus {@code n} normals.
 *
 * <p>Numerics: classical Gram–Schmidt with one re-orthogonalisation when the first pass removed more
 * than half of {@code ‖x‖} (Kahan–Parlett "twice is enough"), rather than the normal equations
 * {@code (XᵀX)c = Xᵀx}, whose condition number is squared. Rank deficiency: when
 * {@code ‖Π⊥x‖ ≤ 1e-12·‖x‖} (or the basis already has {@code n} vectors) {@code x} is taken to lie in the
 * span and no noise is drawn; the term dropped is a Gaussian vector of standard deviation
 * {@code ≤ 1e-12·σ_W‖x‖/√n} per coordinate, below double rounding of {@code W x} itself. Memory
 * {@code ≤ 2·r·n} doubles per matrix. Not thread-safe (one per realisation).
 */
final class ConditionedMatrix {
    /** Relative residual below which a vector is taken to lie in the span of the earlier ones. */
    static final double RANK_TOLERANCE = 1e-12;

    private final int n;
    private final double scale;
    private final List<double[]> images = new ArrayList<>();
    private Basis node;
    private long normalsDrawn;

    /**
     * @param variance {@code σ_W²}
     * @param n the width
     * @param root the empty basis of this realisation (shared by its matrices)
     */
    ConditionedMatrix(double variance, int n, Basis root) {
        this.n = n;
        this.scale = Math.sqrt(variance / n);
        this.node = root;
    }

    /** A matrix with a basis tree of its own. */
    ConditionedMatrix(double variance, int n) {
        this(variance, n, new Basis());
    }

    /** @return the number of basis vectors kept (the rank of the vectors multiplied so far) */
    int rank() {
        return images.size();
    }

    /** @return the number of fresh normals drawn so far */
    long normalsDrawn() {
        return normalsDrawn;
    }

    /**
     * @param x the vector to multiply (not modified; it must not change later, as it is a cache key)
     * @param gauss the standard normal source of this realisation
     * @return {@code W x}, exact in law given every earlier product of this matrix
     */
    double[] multiply(double[] x, ContinuousSampler gauss) {
        Step step = node.step(x, n);
        double[] c = step.coefficients();
        double[] out = new double[n];
        for (int m = 0; m < c.length; m++) {
            axpy(c[m], images.get(m), out);
        }
        if (step.child() != node) {
            double[] image = new double[n];
            double rho = step.rho();
            for (int a = 0; a < n; a++) {
                double b = scale * gauss.sample();
                image[a] = b;
                out[a] += rho * b;
            }
            normalsDrawn += n;
            images.add(image);
        }
        node = step.child();
        return out;
    }

    /**
     * One product's orthogonalisation: {@code x = Σ_m c_m q_m + ρ q_{r+1}}; {@code child} is the basis
     * after {@code x} (the same node when {@code x} lies in the span).
     */
    record Step(double[] coefficients, double rho, Basis child) {
    }

    /**
     * An orthonormal basis {@code q_1..q_r} reached by a sequence of inputs, with the steps already
     * computed from it (keyed by the identity of the input vector). Per realisation; not thread-safe.
     */
    static final class Basis {
        private final List<double[]> q;
        private final java.util.IdentityHashMap<double[], Step> steps = new java.util.IdentityHashMap<>();

        /** The empty basis. */
        Basis() {
            this.q = List.of();
        }

        private Basis(List<double[]> q) {
            this.q = q;
        }

        Step step(double[] x, int n) {
            Step s = steps.get(x);
            if (s == null) {
                s = orthogonalise(x, n);
                steps.put(x, s);
            }
            return s;
        }

        private Step orthogonalise(double[] x, int n) {
            int r = q.size();
            double[] residual = x.clone();
            double[] c = new double[r];
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
            if (!(norm > RANK_TOLERANCE * norm0) || r >= n) {
                return new Step(c, 0.0, this);
            }
            double inv = 1.0 / norm;
            for (int a = 0; a < n; a++) {
                residual[a] *= inv;
            }
            List<double[]> next = new ArrayList<>(q);
            next.add(residual);
            return new Step(c, norm, new Basis(List.copyOf(next)));
        }

        /** {@code v ← v − Σ_m ⟨q_m, v⟩ q_m}, accumulating the coefficients into {@code c}. */
        private void project(double[] v, double[] c) {
            int r = q.size();
            double[] coef = new double[r];
            for (int m = 0; m < r; m++) {
                coef[m] = dot(q.get(m), v);   // classical GS: all coefficients from the same v
            }
            for (int m = 0; m < r; m++) {
                axpy(-coef[m], q.get(m), v);
                c[m] += coef[m];
            }
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
