package org.attnlimit.numerics;

import java.util.concurrent.ConcurrentHashMap;
import org.hipparchus.linear.EigenDecompositionSymmetric;

/**
 * Gauss–Hermite nodes and weights for {@code E[f(Z)]}, {@code Z ~ N(0, 1)}: {@code Σ w_i f(x_i)}, exact
 * for polynomials of degree {@code 2n − 1}.
 *
 * <p>Why not Hipparchus's {@code GaussIntegratorFactory.hermite}: it derives the rule in high-precision
 * {@code Dfp} arithmetic, which costs 1 s at n = 108 and 5 s at n = 162 (cubic growth), while wide score
 * laws (large σ_Q σ_K) need orders of a few hundred. Here the roots come from Newton's method on the
 * orthonormal Hermite recurrence in double precision (Press et al., <i>Numerical Recipes</i>, §4.6,
 * {@code gauher}), started from the Golub–Welsch eigenvalues (Hipparchus's tridiagonal eigensolver);
 * the tests compare low orders with Hipparchus's rule and check Gaussian moments at n = 300. The one
 * Gauss–Hermite rule of attnlimit (the head quadrature, the score nodes, the nested law's feature integrals).
 */
public final class HermiteRule {
    private static final ConcurrentHashMap<Integer, HermiteRule> CACHE = new ConcurrentHashMap<>();
    private static final double PI_M4 = 0.7511255444649425;   // π^{−1/4}

    private final double[] points;
    private final double[] weights;

    private HermiteRule(int n) {
        double[] x = new double[n];
        double[] w = new double[n];
        int m = (n + 1) / 2;
        // Initial guesses: eigenvalues of the Jacobi matrix (Golub–Welsch; off-diagonal √(k/2) for the
        // weight exp(−x²)), sorted decreasingly; Newton then polishes each root and gives its weight.
        // (NR's recursive starting values lose roots for n ≳ 200.)
        double[] guesses = jacobiEigenvalues(n);
        double z = 0;
        for (int i = 1; i <= m; i++) {
            z = guesses[i - 1];
            double pp = 0;
            boolean rescaled = false;
            for (int iter = 0; iter < 100; iter++) {
                double p1 = PI_M4;
                double p2 = 0;
                rescaled = false;
                for (int j = 1; j <= n; j++) {
                    double p3 = p2;
                    p2 = p1;
                    p1 = z * Math.sqrt(2.0 / j) * p2 - Math.sqrt((j - 1.0) / j) * p3;
                    if (Math.abs(p1) > 1e150) {
                        // Far nodes (n ≳ 200): the polynomials overflow. Newton's step p1/pp is scale-free,
                        // so rescale; the weight 2/pp² is then below 1e-300, i.e. 0.
                        p1 *= 1e-150;
                        p2 *= 1e-150;
                        rescaled = true;
                    }
                }
                pp = Math.sqrt(2.0 * n) * p2;
                double z1 = z;
                z = z1 - p1 / pp;
                if (Math.abs(z - z1) <= 1e-15 * Math.max(1, Math.abs(z))) {
                    break;
                }
            }
            x[i - 1] = z;
            x[n - i] = -z;
            w[i - 1] = rescaled ? 0.0 : 2.0 / (pp * pp);
            w[n - i] = w[i - 1];
        }
        // Weight exp(−x²) → standard normal: x ↦ √2 x, w ↦ w/√π.
        for (int i = 0; i < n; i++) {
            x[i] *= Math.sqrt(2.0);
            w[i] /= Math.sqrt(Math.PI);
        }
        this.points = x;
        this.weights = w;
    }

    private static double[] jacobiEigenvalues(int n) {
        if (n == 1) {
            return new double[] {0.0};
        }
        double[] main = new double[n];
        double[] off = new double[n - 1];
        for (int k = 1; k < n; k++) {
            off[k - 1] = Math.sqrt(k / 2.0);
        }
        double[] e = new EigenDecompositionSymmetric(main, off).getEigenvalues();
        double[] sorted = e.clone();
        java.util.Arrays.sort(sorted);
        double[] desc = new double[n];
        for (int i = 0; i < n; i++) {
            desc[i] = sorted[n - 1 - i];
        }
        return desc;
    }

    /** @return the {@code n}-point rule (cached) */
    public static HermiteRule of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("Hermite order must be >= 1, got " + n);
        }
        return CACHE.computeIfAbsent(n, HermiteRule::new);
    }

    /** @return the nodes for N(0, 1) (a copy) */
    public double[] points() {
        return points.clone();
    }

    /** @return the weights for N(0, 1), summing to 1 (a copy) */
    public double[] weights() {
        return weights.clone();
    }
}
