package org.attnlimit.calculus;

/**
 * Gaussian expectations of activations: the entry point the rest of attnlimit uses.
 * (Stub: the implementation lands with the covariance calculus.)
 */
public final class GaussianExpectations {
    private GaussianExpectations() {
    }

    /**
     * {@code E[φ(Z)^k]} for {@code Z ~ N(mean, var)}, {@code var ≥ 0}, {@code k = 1..4}: numbers only
     * (closed form evaluated where one is known, otherwise split quadrature), fast and thread-safe.
     */
    public static Expectation moment(Activation phi, int k, double mean, double var) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * {@code E[φ(U)ψ(V)]} for centred bivariate Gaussian {@code (U, V)} with variances {@code var1, var2}
     * and covariance {@code cov}: numbers only, fast and thread-safe.
     */
    public static Expectation pair(Activation phi, Activation psi, double var1, double var2, double cov) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
