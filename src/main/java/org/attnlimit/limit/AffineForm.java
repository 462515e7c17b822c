package org.attnlimit.limit;

import org.attnlimit.program.NonlinFunction;

/**
 * The affine form of a function {@code f(x; p) = a(p) + Σ_j b_j(p) x_j} that is affine in the G-vars
 * {@code x} for fixed scores {@code p} (a conditionally Gaussian part, or a Gaussian feature): given
 * {@code p̊ = p}, {@code f(Z^g; p) ~ N(m, bᵀΣb)} with {@code m = a + Σ_j b_j μ_j} (Definition 3.1 (A)).
 * The coefficients are read by evaluating {@code f} at {@code x = 0} and at the unit vectors, exact for an
 * affine {@code f} up to rounding; the one place this is done.
 */
final class AffineForm {
    private AffineForm() {
    }

    /**
     * @param f a function affine in its G-vars ({@link NonlinFunction#vectors()}) for fixed scores
     * @param scores the values of {@link NonlinFunction#scores()}
     * @param pos the position of each of {@code f}'s G-vars among the part's G-vars
     * @param mu the part's G-var means {@code μ}
     * @param b receives {@code b_j} at {@code b[pos[j]]} (other entries are left alone)
     * @return the conditional mean {@code m = a + Σ_j b_j μ_{pos[j]}}
     */
    static double conditionalMean(NonlinFunction f, double[] scores, int[] pos, double[] mu, double[] b) {
        double[] x = new double[pos.length];
        double a0 = f.applyAt(x, scores);
        double m = a0;
        for (int j = 0; j < x.length; j++) {
            x[j] = 1;
            double bj = f.applyAt(x, scores) - a0;
            x[j] = 0;
            b[pos[j]] = bj;
            m += bj * mu[pos[j]];
        }
        return m;
    }

    /** @return the values of {@code f}'s scores picked from a part's score values {@code p} ({@code at[j]} = position) */
    static double[] pick(double[] p, int[] at) {
        double[] q = new double[at.length];
        for (int j = 0; j < q.length; j++) {
            q[j] = p[at[j]];
        }
        return q;
    }

    /** @return the identity positions {@code 0..n-1} */
    static int[] identity(int n) {
        int[] pos = new int[n];
        for (int i = 0; i < n; i++) {
            pos[i] = i;
        }
        return pos;
    }
}
