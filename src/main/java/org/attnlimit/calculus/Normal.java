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
     * Truncated moments of the standard normal, by the recursion obtained from integrating by parts:
     * {@code M_0 = Φ(β) − Φ(α)}, {@code M_1 = φ(α) − φ(β)},
     * {@code M_j = α^{j−1}φ(α) − β^{j−1}φ(β) + (j − 1) M_{j−2}}; infinite limits contribute 0.
     *
     * @param alpha lower limit (may be −∞)
     * @param beta upper limit (may be +∞), {@code ≥ alpha}
     * @param maxJ highest power
     * @return {@code M_0 … M_maxJ}
     */
    public static double[] truncatedMoments(double alpha, double beta, int maxJ) {
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
