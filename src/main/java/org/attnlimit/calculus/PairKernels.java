package org.attnlimit.calculus;

import java.util.Optional;
import org.hipparchus.util.FastMath;

/**
 * Cited identities for {@code E[φ(U)ψ(V)]}, {@code (U, V)} centred Gaussian with variances
 * {@code v1, v2 > 0} and correlation {@code ρ = c12/√(v1 v2)}, {@code θ = arccos ρ}:
 * <ul>
 *   <li>ReLU × ReLU (arc-cosine kernel of order 1, Cho &amp; Saul 2009):
 *       {@code σ1σ2 (sin θ + (π − θ) cos θ) / (2π) = σ1σ2 (√(1−ρ²) + ρ(π − arccos ρ)) / (2π)} (Appendix B.3.2);</li>
 *   <li>step × step (order 0): {@code (π − θ)/(2π)};</li>
 *   <li>ReLU × step: {@code σ1 (1 + ρ) / (2√(2π))};</li>
 *   <li>erf × erf (arcsine kernel, Williams 1997): {@code (2/π) arcsin(2c12/√((1+2v1)(1+2v2)))};</li>
 *   <li>identity × ψ, by Stein's lemma {@code E[U ψ(V)] = c12 E[ψ'(V)]}: identity {@code c12},
 *       ReLU {@code c12/2}, step {@code c12 φ(0)/σ2}, leaky-ReLU {@code c12 (1+a)/2},
 *       clip {@code c12 (2Φ(c/σ2) − 1)}, erf {@code c12 (2/√π)/√(1+2v2)}, GELU {@code c12/2};</li>
 *   <li>leaky-ReLU, written {@code LReLU_a(t) = ReLU(t) − a ReLU(−t)}, reduces to the ReLU kernel
 *       {@code K(ρ)}: {@code LReLU_a × LReLU_b = (1 + ab) K(ρ) − (a + b) K(−ρ)},
 *       {@code ReLU × LReLU_b = K(ρ) − b K(−ρ)}.</li>
 * </ul>
 * Every identity is checked against nested quadrature in the tests; clip × clip has none (quadrature).
 */
final class PairKernels {
    private static final double ROUNDING = 256 * Math.ulp(1.0);

    private PairKernels() {
    }

    /** @return the identity for (φ, ψ) or (ψ, φ), or empty if none is known */
    static Optional<Expectation> pair(Activation phi, Activation psi, double v1, double v2, double cov) {
        Optional<Expectation> direct = ordered(phi, psi, v1, v2, cov);
        return direct.isPresent() ? direct : ordered(psi, phi, v2, v1, cov);
    }

    private static Optional<Expectation> ordered(Activation phi, Activation psi, double v1, double v2, double cov) {
        double s1 = FastMath.sqrt(v1);
        double sigma12 = scale(v1, v2);
        double rho = Math.max(-1, Math.min(1, cov / sigma12));
        // θ = arccos ρ, but from atan2: acos loses half the digits near ρ = ±1, where √(v1v2 − c12²) is
        // accurate (see sine). π − θ is taken as atan2(sine, −c12) rather than by subtracting: it is then
        // accurate to a few ulps of itself near ρ = −1, and exactly 0 at ρ = −1 (step × step = P(U>0, V>0) = 0).
        double sine = sine(v1, v2, cov);
        double theta = FastMath.atan2(sine, cov);
        double thetaBar = FastMath.atan2(sine, -cov);
        Activation.Kind a = phi.kind();
        Activation.Kind b = psi.kind();
        String scale = "\\sqrt{v_1 v_2}";
        if (a == Activation.Kind.RELU && b == Activation.Kind.RELU) {
            return of(reluKernel(sine, cov, thetaBar), "\\frac{" + scale + "}{2\\pi}\\left(\\sqrt{1-\\rho^2}+\\rho\\,(\\pi-\\arccos\\rho)\\right)",
                    "arc-cosine kernel of order 1 (Cho & Saul 2009)");
        }
        if (a == Activation.Kind.STEP && b == Activation.Kind.STEP) {
            return of(thetaBar / (2 * FastMath.PI), "\\frac{\\pi-\\arccos\\rho}{2\\pi}",
                    "arc-cosine kernel of order 0 (Cho & Saul 2009)");
        }
        if (a == Activation.Kind.RELU && b == Activation.Kind.STEP) {
            // 1 + ρ cancels near ρ = −1; there it is (1 − ρ²)/(1 − ρ) = (sine/σ1σ2)²/(1 − ρ), accurate
            double onePlusRho = rho >= 0 ? 1 + rho : (sine / sigma12) * (sine / sigma12) / (1 - rho);
            return of(s1 * onePlusRho * Normal.INV_SQRT_2PI / 2, "\\frac{\\sqrt{v_1}\\,(1+\\rho)}{2\\sqrt{2\\pi}}",
                    "E[U 1{U>0, V>0}] (Cho & Saul 2009, mixed orders 1 and 0)");
        }
        if (a == Activation.Kind.ERF && b == Activation.Kind.ERF) {
            double arg = 2 * cov / FastMath.sqrt((1 + 2 * v1) * (1 + 2 * v2));
            return of(2 / FastMath.PI * FastMath.asin(Math.max(-1, Math.min(1, arg))),
                    "\\frac{2}{\\pi}\\arcsin\\frac{2c_{12}}{\\sqrt{(1+2v_1)(1+2v_2)}}", "arcsine kernel (Williams 1997)");
        }
        if (a == Activation.Kind.IDENTITY) {
            return stein(psi, v2, cov);
        }
        if (a == Activation.Kind.RELU && b == Activation.Kind.LEAKY_RELU) {
            double slope = psi.parameter();
            return of(reluKernel(sine, cov, thetaBar) - slope * reluKernel(sine, -cov, theta),
                    "K(\\rho) - a\\,K(-\\rho),\\quad K(\\rho)=\\frac{" + scale
                            + "}{2\\pi}\\left(\\sqrt{1-\\rho^2}+\\rho\\,(\\pi-\\arccos\\rho)\\right)",
                    "LReLU_a(t) = ReLU(t) - a ReLU(-t) and the arc-cosine kernel");
        }
        if (a == Activation.Kind.LEAKY_RELU && b == Activation.Kind.LEAKY_RELU) {
            double p = phi.parameter();
            double q = psi.parameter();
            return of((1 + p * q) * reluKernel(sine, cov, thetaBar) - (p + q) * reluKernel(sine, -cov, theta),
                    "(1+ab)\\,K(\\rho) - (a+b)\\,K(-\\rho),\\quad K(\\rho)=\\frac{" + scale
                            + "}{2\\pi}\\left(\\sqrt{1-\\rho^2}+\\rho\\,(\\pi-\\arccos\\rho)\\right)",
                    "LReLU_a(t) = ReLU(t) - a ReLU(-t) and the arc-cosine kernel");
        }
        return Optional.empty();
    }

    /** Smallest {@code v1v2} for which the product's rounding error (an FMA residual) cannot underflow. */
    private static final double EXACT_PRODUCT_MIN = 0x1p-900;

    /**
     * {@code √(v1 v2)}: as {@code √(fl(v1 v2))} where the product is a normal double — then
     * {@code |c12| = √(v1 v2)} given as a double comes back exactly ({@code √(fl(x²)) = |x|}), so a
     * correlation of exactly ±1 is not moved inward by clamping — else as {@code √v1·√v2}, which does not
     * overflow but may be an ulp low.
     */
    static double scale(double v1, double v2) {
        double product = v1 * v2;
        if (Double.isFinite(product) && product >= Double.MIN_NORMAL) {
            return FastMath.sqrt(product);
        }
        return FastMath.sqrt(v1) * FastMath.sqrt(v2);
    }

    /**
     * {@code √(v1v2 − c12²)}. Where {@code v1v2} and {@code c12²} are doubles, the difference is formed
     * from the exact products ({@code fl(xy) + fma(x, y, −fl(xy))}): near {@code |ρ| = 1} the plain
     * {@code fl(v1v2) − fl(c12²)} is all rounding error (up to an ulp of {@code v1v2} against a difference
     * of a few ulps), which would make {@code θ} wrong in its 8th digit. Otherwise as
     * {@code √(σ1σ2 − |c12|)·√(σ1σ2 + |c12|)} with the second factor split so that neither overflows
     * (variances near 1e308).
     */
    static double sine(double v1, double v2, double cov) {
        double product = v1 * v2;
        double square = cov * cov;
        if (Double.isFinite(product) && Double.isFinite(square) && product >= EXACT_PRODUCT_MIN) {
            // (p − q) is exact where it cancels (Sterbenz); the residuals are exact (no underflow above 2^−900).
            double gap = (product - square) + (Math.fma(v1, v2, -product) - Math.fma(cov, cov, -square));
            return FastMath.sqrt(Math.max(0, gap));
        }
        double scale = FastMath.sqrt(v1) * FastMath.sqrt(v2);
        double gap = scale - Math.abs(cov);
        if (!(gap > 0)) {
            return 0.0;
        }
        return FastMath.sqrt(gap) * FastMath.sqrt(scale) * FastMath.sqrt(1 + Math.abs(cov) / scale);
    }

    /** E[U ψ(V)] = c12 E[ψ'(V)] (Stein's lemma), where E[ψ'(V)] is known in closed form. */
    private static Optional<Expectation> stein(Activation psi, double v2, double cov) {
        double s2 = FastMath.sqrt(v2);
        switch (psi.kind()) {
            case IDENTITY:
                return of(cov, "c_{12}", "covariance");
            case RELU:
                return of(cov / 2, "\\frac{c_{12}}{2}", "Stein's lemma");
            case GELU:
                return of(cov / 2, "\\frac{c_{12}}{2}", "Stein's lemma; E[Φ(V) + Vφ(V)] = 1/2 by symmetry");
            case STEP:
                return of(cov * Normal.INV_SQRT_2PI / s2, "\\frac{c_{12}}{\\sqrt{2\\pi v_2}}", "Stein's lemma");
            case LEAKY_RELU:
                return of(cov * (1 + psi.parameter()) / 2, "\\frac{c_{12}\\,(1+a)}{2}", "Stein's lemma");
            case CLIP:
                return of(cov * (2 * Normal.cdf(psi.parameter() / s2) - 1),
                        "c_{12}\\left(2\\Phi\\!\\left(\\frac{c}{\\sqrt{v_2}}\\right)-1\\right)", "Stein's lemma");
            case ERF:
                return of(cov * 2 / FastMath.sqrt(FastMath.PI * (1 + 2 * v2)), "\\frac{2c_{12}}{\\sqrt{\\pi(1+2v_2)}}",
                        "Stein's lemma");
            default:
                return Optional.empty();
        }
    }

    /**
     * σ1σ2 (sin θ + (π − θ) cos θ)/(2π) = (√(v1v2 − c12²) + (π − θ) c12)/(2π): the ReLU kernel, given
     * {@code π − θ} ({@code thetaBar}).
     */
    private static double reluKernel(double sine, double cov, double thetaBar) {
        return (sine + thetaBar * cov) / (2 * FastMath.PI);
    }

    private static Optional<Expectation> of(double value, String latex, String citation) {
        return Optional.of(new Expectation(value, latex, Method.IDENTITY,
                ROUNDING * Math.max(1.0, Math.abs(value)), citation));
    }
}
