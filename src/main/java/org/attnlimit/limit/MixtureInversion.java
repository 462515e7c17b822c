package org.attnlimit.limit;

import org.attnlimit.calculus.InvalidInputException;
import java.util.List;

/**
 * Density and CDF of {@code Y = Σ_b Σ_{i=1}^{m_b} Y_{b,i}}, independent terms, each a discrete Gaussian
 * mixture {@code Y_b ~ Σ_k w_k N(μ_k, v_k)} (a conditionally Gaussian part of a Theorem 3.1 output, its
 * nodes over the scores), {@code m_b} iid copies of each (identical heads).
 *
 * <p>The generalisation of {@link ScaleMixtureInversion} to non-zero means: the characteristic function
 * {@code φ(t) = Π_b (Σ_k w_k e^{itμ_k − t²v_k/2})^{m_b}} is complex; with {@code X = Y − E[Y]},
 * {@code f(y) = π^{−1}∫_0^∞ Re[e^{−itx}φ_X(t)] dt} and (Gil-Pelaez)
 * {@code F(y) = 1/2 − π^{−1}∫_0^∞ Im[e^{−itx}φ_X(t)]/t dt}, by the trapezoidal rule with step
 * {@code h = 2π/P}. Error (Poisson summation, as there): the aliased copies sit at {@code x ± P}; with the
 * component means within {@code S} of {@code E[Y]} ({@code S = Σ_b m_b max_k|μ_k − E[Y_b]|}),
 * {@code |x| ≤ R = S + 30 sd_max} and {@code P = R + S + 12 sd_max}, every copy is at least
 * {@code 12 sd_max} from every component mean: tail {@code ≤ 2e^{−72}}. Truncation at {@code T} with
 * {@code T² v_min/2 = 42}, {@code v_min = Σ_b m_b min_k v_k}: below {@code e^{−42}}. Beyond {@code R} the
 * density is 0 and the CDF 0 or 1.
 */
final class MixtureInversion {
    /** One independent term: nodes and the number of iid copies. */
    record Component(double[] weights, double[] means, double[] variances, int copies) {
    }

    private static final double RANGE_SDS = 30;
    private static final double GUARD_SDS = 12;
    private static final double DECAY = 42;
    private static final int MAX_POINTS = 200_000;

    private final double center;
    private final double range;
    private final double step;
    private final double[] re;
    private final double[] im;

    MixtureInversion(List<Component> parts) {
        double mean = 0;
        double spread = 0;
        double vMax = 0;
        double vMin = 0;
        for (Component c : parts) {
            double mb = 0;
            double hi = 0;
            double lo = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c.weights.length; k++) {
                mb += c.weights[k] * c.means[k];
                hi = Math.max(hi, c.variances[k]);
                lo = Math.min(lo, c.variances[k]);
            }
            double dev = 0;
            for (double m : c.means) {
                dev = Math.max(dev, Math.abs(m - mb));
            }
            mean += c.copies * mb;
            spread += c.copies * dev;
            vMax += c.copies * hi;
            vMin += c.copies * lo;
        }
        if (!(vMax > 0)) {
            throw new InvalidInputException("the law is a point mass (conditional variance 0): no density");
        }
        vMin = Math.max(vMin, 1e-8 * vMax);
        double sdMax = Math.sqrt(vMax);
        this.center = mean;
        this.range = spread + RANGE_SDS * sdMax;
        double period = range + spread + GUARD_SDS * sdMax;
        this.step = 2 * Math.PI / period;
        double tMax = Math.sqrt(2 * DECAY / vMin);
        int points = (int) Math.min(MAX_POINTS, Math.ceil(tMax / step));
        this.re = new double[points];
        this.im = new double[points];
        for (int j = 1; j <= points; j++) {
            double t = j * step;
            double r = 1;
            double i = 0;
            for (Component c : parts) {
                double cr = 0;
                double ci = 0;
                for (int k = 0; k < c.weights.length; k++) {
                    double a = c.weights[k] * Math.exp(-0.5 * t * t * c.variances[k]);
                    double th = t * (c.means[k] - 0);
                    cr += a * Math.cos(th);
                    ci += a * Math.sin(th);
                }
                // (cr + i ci)^copies in polar form
                double mod = Math.pow(Math.hypot(cr, ci), c.copies);
                double arg = c.copies * Math.atan2(ci, cr);
                double pr = mod * Math.cos(arg);
                double pi = mod * Math.sin(arg);
                double nr = r * pr - i * pi;
                double ni = r * pi + i * pr;
                r = nr;
                i = ni;
            }
            // centre: φ_X(t) = φ_Y(t) e^{−itE[Y]}
            double c = Math.cos(t * mean);
            double s = Math.sin(t * mean);
            re[j - 1] = r * c + i * s;
            im[j - 1] = i * c - r * s;
        }
    }

    double pdf(double y) {
        double x = y - center;
        if (!(Math.abs(x) <= range)) {
            return 0.0;
        }
        double sum = 0.5;
        for (int j = 1; j <= re.length; j++) {
            double t = j * step;
            sum += re[j - 1] * Math.cos(t * x) + im[j - 1] * Math.sin(t * x);
        }
        return Math.max(0.0, step * sum / Math.PI);
    }

    double cdf(double y) {
        double x = y - center;
        if (!(Math.abs(x) <= range)) {
            return x > 0 ? 1.0 : 0.0;
        }
        double sum = -0.5 * x;
        for (int j = 1; j <= re.length; j++) {
            double t = j * step;
            sum += (im[j - 1] * Math.cos(t * x) - re[j - 1] * Math.sin(t * x)) / t;
        }
        return Math.min(1.0, Math.max(0.0, 0.5 - step * sum / Math.PI));
    }
}
