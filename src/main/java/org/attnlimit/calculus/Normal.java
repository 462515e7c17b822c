package org.attnlimit.calculus;

import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/**
 * The standard normal law: density φ, distribution function Φ, and the truncated moments
 * {@code M_j(α, β) = ∫_α^β x^j φ(x) dx} from which every piecewise-polynomial moment is assembled.
 */
public final class Normal {
    /** 1/√(2π). */
    public static final double INV_SQRT_2PI = 1.0 / FastMath.sqrt(2 * FastMath.PI);
    private static final double SQRT_HALF = FastMath.sqrt(0.5);

    private Normal() {
    }

    /** @return φ(x) = e^{−x²/2}/√(2π); 0 at ±∞ */
    public static double pdf(double x) {
        return Double.isInfinite(x) ? 0.0 : INV_SQRT_2PI * FastMath.exp(-0.5 * x * x);
    }

    /** @return Φ(x), computed through erfc so that the lower tail keeps its relative accuracy */
    public static double cdf(double x) {
        return 0.5 * Erf.erfc(-x * SQRT_HALF);
    }

    /**
     * @return {@code P(X ≤ x)} for {@code X ~ N(m, sd²)}: {@code Φ((x − m)/sd)} through erfc; 0 at −∞, 1 at
     *     +∞, and for {@code sd = 0} the point mass at {@code m} (1 for {@code x ≥ m})
     */
    public static double cdf(double x, double m, double sd) {
        if (x == Double.NEGATIVE_INFINITY) {
            return 0;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 1;
        }
        if (sd == 0) {
            return x >= m ? 1 : 0;
        }
        return 0.5 * Erf.erfc(-(x - m) / (sd * Math.sqrt(2)));
    }

    /**
     * @return the density {@code φ((x − m)/sd)/sd} of {@code N(m, sd²)} at {@code x}; 0 at ±∞ and for
     *     {@code sd = 0} (a point mass has no density)
     */
    public static double pdf(double x, double m, double sd) {
        if (!Double.isFinite(x) || sd == 0) {
            return 0;
        }
        double z = (x - m) / sd;
        return Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
    }

    /**
     * @return Φ(β) − Φ(α) for α ≤ β, written as a difference of upper tails when both are positive so
     *     that a far-tail interval does not cancel to zero
     */
    public static double mass(double alpha, double beta) {
        if (alpha > 0) {
            return cdf(-alpha) - cdf(-beta);
        }
        return cdf(beta) - cdf(alpha);
    }

    /**
     * Width below which {@link #truncatedMoments} integrates directly: the recursion's boundary terms are
     * of order {@code |x|^{j−1}φ(x)} while {@code M_j} is of order {@code (β − α)|x|^jφ(x)}, so it loses
     * {@code log10(1/(β − α))} digits (all of them for {@code clip:c=1e-300}: a negative second moment).
     */
    static final double NARROW = 0.5;
    private static final double[] GL_X;
    private static final double[] GL_W;

    static {
        // 20 Gauss–Legendre nodes: x^j φ(x) is entire, and on a width ≤ 0.5 the rule's error is below
        // (w/2)^40 sup|f^(40)|/40! — far under one ulp; all weights are positive, so nothing cancels.
        org.hipparchus.analysis.integration.gauss.GaussIntegrator rule =
                new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().legendre(20);
        GL_X = new double[rule.getNumberOfPoints()];
        GL_W = new double[rule.getNumberOfPoints()];
        for (int i = 0; i < GL_X.length; i++) {
            GL_X[i] = rule.getPoint(i);
            GL_W[i] = rule.getWeight(i);
        }
    }

    /** {@code M_j(α, β)} for a narrow finite interval, by Gauss–Legendre: no cancellation. */
    static double[] narrowMoments(double alpha, double beta, int maxJ) {
        double[] m = new double[maxJ + 1];
        double half = 0.5 * (beta - alpha);
        if (!(half > 0)) {
            return m;   // an empty interval (or one below the resolution of α): every moment is 0
        }
        double mid = 0.5 * alpha + 0.5 * beta;
        for (int i = 0; i < GL_X.length; i++) {
            double x = mid + half * GL_X[i];
            double w = half * GL_W[i] * pdf(x);
            if (w == 0) {
                continue;
            }
            double power = 1;
            for (int j = 0; j <= maxJ; j++) {
                m[j] += w * power;
                power *= x;
            }
        }
        return m;
    }

    /**
     * Truncated moments of the standard normal, by the recursion obtained from integrating by parts:
     * {@code M_0 = Φ(β) − Φ(α)}, {@code M_1 = φ(α) − φ(β)},
     * {@code M_j = α^{j−1}φ(α) − β^{j−1}φ(β) + (j − 1) M_{j−2}}; infinite limits contribute 0.
     *
     * @param alpha lower limit (may be −∞)
     * @param beta upper limit (may be +∞), {@code ≥ alpha}
     * @param maxJ highest power
     * @return {@code M_0 … M_maxJ}; for {@code β − α ≤ 0.5} by 20-point Gauss–Legendre instead (see {@link #NARROW})
     */
    public static double[] truncatedMoments(double alpha, double beta, int maxJ) {
        return beta - alpha <= NARROW ? narrowMoments(alpha, beta, maxJ) : recursionMoments(alpha, beta, maxJ);
    }

    /** {@code M_j(α, β)} by the integration-by-parts recursion (any interval; cancels on narrow ones). */
    static double[] recursionMoments(double alpha, double beta, int maxJ) {
        double[] m = new double[maxJ + 1];
        double pa = pdf(alpha);
        double pb = pdf(beta);
        m[0] = mass(alpha, beta);
        double powA = 1.0; // α^{j−1}, as long as φ(α) ≠ 0
        double powB = 1.0;
        for (int j = 1; j <= maxJ; j++) {
            double boundary = (pa == 0 ? 0 : powA * pa) - (pb == 0 ? 0 : powB * pb);
            m[j] = boundary + (j >= 2 ? (j - 1) * m[j - 2] : 0.0);
            powA *= pa == 0 ? 1 : alpha;
            powB *= pb == 0 ? 1 : beta;
        }
        return m;
    }
}
