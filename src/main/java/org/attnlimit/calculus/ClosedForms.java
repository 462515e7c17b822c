package org.attnlimit.calculus;

import java.util.Optional;
import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/**
 * Hand-coded closed forms for single-variable Gaussian moments {@code E[φ(Z)^k]}, {@code Z ~ N(μ, v)},
 * {@code v > 0}: the fast path of {@link GaussianExpectations}. The bivariate kernels live in
 * {@link PairKernels}.
 *
 * <p>Piecewise-linear φ: with {@code Z = μ + σX}, on a piece {@code lo < Z < hi} where
 * {@code φ(t) = intercept + slope·t}, i.e. {@code φ(Z) = A + BσX} with {@code A = intercept + slope·μ},
 * {@code B = slope}, the moment is {@code Σ_j C(k,j) A^{k−j} (Bσ)^j M_j(α, β)} with
 * {@code α = (lo − μ)/σ}, {@code β = (hi − μ)/σ} and the truncated normal moments
 * {@link Normal#truncatedMoments}; for μ = 0, v = 1, clip and k = 2 this is the formula of Appendix B.1:
 * {@code E[clip_c(Z)²] = 2Φ(c) − 1 − 2cφ(c) + 2c²(1 − Φ(c))}.
 */
final class ClosedForms {
    /** Rounding allowance per unit of Σ|term|: a few ulps for the sums, plus erfc's ~1e-15 relative error. */
    private static final double ROUNDING = 64 * Math.ulp(1.0);

    private ClosedForms() {
    }

    /** @return the closed-form moment, or empty when none is coded (tanh for k even, erf for k = 4 …) */
    static Optional<Expectation> moment(Activation phi, int k, double mean, double var) {
        if (phi.kind().piecewisePolynomial()) {
            return Optional.of(piecewise(phi, k, mean, var));
        }
        switch (phi.kind()) {
            case ERF:
                if (k == 1) {
                    // E[erf(Z)] = erf(μ/√(1+2v)): differentiate in μ, E[erf'(Z)] is a Gaussian integral.
                    double value = Erf.erf(mean / FastMath.sqrt(1 + 2 * var));
                    return Optional.of(of(value, "\\operatorname{erf}\\!\\left(\\frac{\\mu}{\\sqrt{1+2v}}\\right)",
                            "Gaussian convolution of erf"));
                }
                if (k == 2 && mean == 0) {
                    // Williams (1997) arcsine kernel with v1 = v2 = c12 = v.
                    double value = 2 / FastMath.PI * FastMath.asin(2 * var / (1 + 2 * var));
                    return Optional.of(of(value, "\\frac{2}{\\pi}\\arcsin\\frac{2v}{1+2v}",
                            "arcsine kernel (Williams 1997) on the diagonal"));
                }
                return oddCentred(k, mean);
            case TANH:
                return oddCentred(k, mean);
            case GELU:
                if (k == 1) {
                    // E[ZΦ(Z)] = μ E[Φ(Z)] + v E[φ(Z)] by Stein's lemma; both are Gaussian convolutions.
                    double s = FastMath.sqrt(1 + var);
                    double value = mean * Normal.cdf(mean / s) + var * Normal.pdf(mean / s) / s;
                    return Optional.of(of(value,
                            "\\mu\\,\\Phi\\!\\left(\\frac{\\mu}{\\sqrt{1+v}}\\right)+\\frac{v}{\\sqrt{1+v}}\\,"
                                    + "\\varphi\\!\\left(\\frac{\\mu}{\\sqrt{1+v}}\\right)",
                            "Stein's lemma"));
                }
                return Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<Expectation> oddCentred(int k, double mean) {
        if (mean == 0 && k % 2 == 1) {
            return Optional.of(new Expectation(0.0, "0", Method.IDENTITY, 0.0,
                    "odd power of an odd function of a centred Gaussian"));
        }
        return Optional.empty();
    }

    private static Expectation of(double value, String latex, String why) {
        return new Expectation(value, latex, Method.IDENTITY, ROUNDING * Math.max(1.0, Math.abs(value)) * 4, why);
    }

    /** Σ over pieces of the binomial expansion against truncated normal moments. */
    private static Expectation piecewise(Activation phi, int k, double mean, double var) {
        double sd = FastMath.sqrt(var);
        double sum = 0;
        double sumAbs = 0;
        for (Piece p : Piece.of(phi)) {
            if (p.isZero()) {
                continue;
            }
            double alpha = (p.lo() - mean) / sd;
            double beta = (p.hi() - mean) / sd;
            double a = p.intercept() + p.slope() * mean;
            double b = p.slope() * sd;
            double[] m = Normal.truncatedMoments(alpha, beta, k);
            long binom = 1;
            for (int j = 0; j <= k; j++) {
                // A piece the law does not reach (M_j = 0) contributes 0, even where A^{k−j} overflows
                // (clip at mean 1e308: the middle piece has A = 1e308 and no mass).
                double term = m[j] == 0 ? 0 : binom * FastMath.pow(a, k - j) * FastMath.pow(b, j) * m[j];
                sum += term;
                sumAbs += Math.abs(term);
                binom = binom * (k - j) / (j + 1);
            }
        }
        return new Expectation(sum, null, Method.IDENTITY, ROUNDING * Math.max(sumAbs, Double.MIN_NORMAL),
                "truncated-Gaussian moments of a piecewise-linear activation");
    }
}
