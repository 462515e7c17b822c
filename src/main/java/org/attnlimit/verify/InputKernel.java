package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.calculus.Activation;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/**
 * The input kernel {@code K_{ab} = E[φ(U)φ(V)]} for centred unit-variance Gaussians {@code (U, V)} with
 * correlation {@code ρ}, for clip and ReLU (Appendix B.1, B.3.2). The suite computes these itself, from the
 * closed forms and a one-dimensional quadrature, so that its limits do not share code with the
 * covariance calculus they are meant to check.
 *
 * <ul>
 *   <li>clip: {@code E[clip_c(Z)²] = 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c))}, {@code E clip_c(Z) = 0}; for
 *       {@code |ρ| < 1}, {@code E[clip(U) E[clip(ρU + √(1−ρ²)W) | U]]} by Gauss–Legendre on the pieces
 *       between the kinks, the inner expectation in closed form;</li>
 *   <li>ReLU: {@code (√(1−ρ²) + ρ(π − arccos ρ)) / (2π)} (Cho and Saul 2009).</li>
 * </ul>
 */
final class InputKernel {
    private static final GaussIntegrator LEGENDRE = new GaussIntegratorFactory().legendre(64, 0, 1);
    private static final double TAIL = 12.0;

    private InputKernel() {
    }

    /** @return {@code E[φ(U)φ(V)]}, unit variances, correlation {@code rho} */
    static double pair(Activation phi, double rho) {
        if (!(Math.abs(rho) <= 1)) {
            throw new InvalidInputException("correlation must be in [-1, 1], got " + rho);
        }
        switch (phi.kind()) {
            case CLIP:
                return rho == 1 ? clipSecondMoment(phi.parameter()) : clipPair(phi.parameter(), rho);
            case RELU:
                double r = Math.min(1, Math.max(-1, rho));
                return (FastMath.sqrt(1 - r * r) + r * (Math.PI - FastMath.acos(r))) / (2 * Math.PI);
            default:
                throw new InvalidInputException("the verification suite knows the input kernel of clip and relu only, not "
                        + phi.spec());
        }
    }

    /** {@code E[clip_c(Z)²] = 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c))}. */
    static double clipSecondMoment(double c) {
        double bigPhi = cdf(c);
        return 2 * bigPhi - 1 - 2 * c * pdf(c) + 2 * c * c * (1 - bigPhi);
    }

    /**
     * {@code m4 = E[φ(Z)⁴]}, {@code Z ~ N(0,1)}: for clip
     * {@code 3(2Φ(c) − 1) − 2φ(c)(c³ + 3c) + 2c⁴(1 − Φ(c))} (integration by parts of {@code z⁴φ(z)} on
     * {@code [−c, c]}), for ReLU {@code 3/2}. It bounds {@code Var(x^a x^b) ≤ E[x_a² x_b²] ≤ m4}
     * (Cauchy–Schwarz), the variance of one term of an empirical Gram entry.
     */
    static double fourthMoment(Activation phi) {
        switch (phi.kind()) {
            case CLIP:
                double c = phi.parameter();
                double big = cdf(c);
                return 3 * (2 * big - 1) - 2 * pdf(c) * (c * c * c + 3 * c) + 2 * c * c * c * c * (1 - big);
            case RELU:
                return 1.5;
            default:
                throw new InvalidInputException("the verification suite knows the fourth moment of clip and relu only, not "
                        + phi.spec());
        }
    }

    private static double clipPair(double c, double rho) {
        double s = FastMath.sqrt(1 - rho * rho);
        double[] cuts = {-TAIL, -c, c, TAIL};
        double total = 0;
        for (int i = 0; i + 1 < cuts.length; i++) {
            double a = cuts[i];
            double b = cuts[i + 1];
            total += (b - a) * LEGENDRE.integrate(v -> {
                double u = a + (b - a) * v;
                return pdf(u) * clip(c, u) * clipMean(c, rho * u, s);
            });
        }
        return total;
    }

    /** {@code E[clip_c(m + sW)]}, {@code W ~ N(0,1)}: {@code −cP(X<−c) + cP(X>c) + E[X; |X| ≤ c]}. */
    private static double clipMean(double c, double m, double s) {
        if (s == 0) {
            return clip(c, m);
        }
        double lo = (-c - m) / s;
        double hi = (c - m) / s;
        double inside = m * (cdf(hi) - cdf(lo)) + s * (pdf(lo) - pdf(hi));
        return -c * cdf(lo) + c * (1 - cdf(hi)) + inside;
    }

    private static double clip(double c, double t) {
        return Math.max(-c, Math.min(c, t));
    }

    static double pdf(double t) {
        return FastMath.exp(-0.5 * t * t) / FastMath.sqrt(2 * Math.PI);
    }

    static double cdf(double t) {
        return 0.5 * Erf.erfc(-t / FastMath.sqrt(2));
    }
}
