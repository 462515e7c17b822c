package org.attnlimit.calculus;

import java.util.Optional;
import org.hipparchus.util.FastMath;

/**
 * Gaussian expectations of activations: the numeric entry point the rest of attnlimit uses
 * (Definition 3.1 (A), Example 3.1: the kernel {@code K_{jl} = E[Z^{x_j} Z^{x_l}]} and the moments of
 * {@code Z^{x} = φ(Z^{g})}). Thread-safe, no computer algebra: a hand-coded closed form where one is
 * known ({@link Method#IDENTITY}), otherwise split quadrature ({@link Method#QUADRATURE}); the
 * symbolic derivations of the {@code symbolic} package are checked against these numbers.
 */
public final class GaussianExpectations {
    /** Relative slack when checking |c12| ≤ √(v1 v2), so that a correlation of exactly ±1 survives rounding. */
    private static final double CORRELATION_SLACK = 1e-12;

    private GaussianExpectations() {
    }

    /**
     * {@code E[φ(Z)^k]} for {@code Z ~ N(mean, var)}, {@code var ≥ 0}, {@code k = 1..4}: numbers only
     * (closed form evaluated where one is known, otherwise split quadrature), fast and thread-safe.
     * With {@code var = 0}, Z is the constant {@code mean}.
     *
     * @throws IllegalArgumentException for k outside 1..4, a non-finite mean, a negative or NaN variance
     */
    public static Expectation moment(Activation phi, int k, double mean, double var) {
        requireActivation(phi, "phi");
        Require.between("moment k", k, 1, 4);
        Require.finite("mean", mean);
        Require.nonNegative("variance", var);
        if (var == 0) {
            double value = FastMath.pow(phi.apply(mean), k);
            return new Expectation(value, null, Method.IDENTITY, 4 * Math.ulp(value),
                    "variance 0: Z is the constant mean");
        }
        Optional<Expectation> closed = ClosedForms.moment(phi, k, mean, var);
        Expectation e = closed.orElseGet(() -> SplitQuadrature.moment(phi, k, mean, var));
        return withinBounds(e, Math.pow(supremum(phi), k), k % 2 == 0,
                "E[" + phi.spec() + "(Z)^" + k + "] for Z ~ N(" + mean + ", " + var + ")");
    }

    /** @return {@code sup |φ|}: c for clip, 1 for step, tanh and erf, +∞ for the unbounded ones */
    static double supremum(Activation phi) {
        switch (phi.kind()) {
            case CLIP:
                return phi.parameter();
            case STEP:
            case TANH:
            case ERF:
                return 1.0;
            default:
                return Double.POSITIVE_INFINITY;
        }
    }

    /**
     * The value clamped into what is known of it — {@code |E| ≤ bound} (bounded activations), {@code E ≥ 0}
     * for an even power — which only moves it closer to the truth; refused when it is not a finite number
     * (the inputs overflow double precision).
     */
    static Expectation withinBounds(Expectation e, double bound, boolean nonNegative, String what) {
        if (!Double.isFinite(e.value()) || !Double.isFinite(e.errorBound())) {
            throw new InvalidInputException("overflow: " + what + " is beyond double precision (> 1.8e308)");
        }
        double v = Math.min(bound, Math.max(nonNegative ? 0.0 : -bound, e.value()));
        if (v == e.value()) {
            return e;
        }
        return new Expectation(v, e.latex(), e.method(), e.errorBound(), e.note());
    }

    /**
     * {@code E[φ(U)ψ(V)]} for centred bivariate Gaussian {@code (U, V)} with variances {@code var1, var2}
     * and covariance {@code cov}: numbers only, fast and thread-safe. A cited identity where one is
     * known ({@link PairKernels}: arc-cosine, arcsine, Stein), otherwise nested quadrature; a zero
     * variance makes that variable the constant 0.
     *
     * @throws IllegalArgumentException for a negative or NaN variance, a non-finite covariance, or
     *     {@code |cov| > √(var1·var2)} (|correlation| &gt; 1)
     */
    public static Expectation pair(Activation phi, Activation psi, double var1, double var2, double cov) {
        requireActivation(phi, "phi");
        requireActivation(psi, "psi");
        Require.nonNegative("variance var1", var1);
        Require.nonNegative("variance var2", var2);
        Require.finite("covariance", cov);
        // √(v1 v2) without overflow, and exactly |cov| when |cov| = √(v1 v2) (a correlation of ±1 must not be
        // clamped inward: √1.5·√1.5 is an ulp below 1.5, which made E[step(U) step(V)] = 2.2e-9, not 0, at ρ = −1)
        double bound = PairKernels.scale(var1, var2);
        if (!(Math.abs(cov) <= bound * (1 + CORRELATION_SLACK))) {
            throw new InvalidInputException("covariance " + cov + " exceeds sqrt(var1*var2) = " + bound
                    + ": |correlation| must be <= 1");
        }
        double c = Math.max(-bound, Math.min(bound, cov));
        if (var1 == 0) {
            return scaled(phi.apply(0), moment(psi, 1, 0, var2), "var1 = 0: U is the constant 0");
        }
        if (var2 == 0) {
            return scaled(psi.apply(0), moment(phi, 1, 0, var1), "var2 = 0: V is the constant 0");
        }
        Optional<Expectation> identity = PairKernels.pair(phi, psi, var1, var2, c);
        Expectation e = identity.orElseGet(() -> SplitQuadrature.pairFast(phi, psi, var1, var2, c));
        return withinBounds(e, supremum(phi) * supremum(psi), phi.equals(psi) && var1 == var2 && c == bound,
                "E[" + phi.spec() + "(U) " + psi.spec() + "(V)] for v1 = " + var1 + ", v2 = " + var2 + ", c12 = " + cov);
    }

    private static Expectation scaled(double factor, Expectation e, String note) {
        return new Expectation(factor * e.value(), null, e.method(), Math.abs(factor) * e.errorBound(), note);
    }

    private static void requireActivation(Activation a, String name) {
        if (a == null) {
            throw new InvalidInputException(name + " (the activation) is missing");
        }
    }
}
