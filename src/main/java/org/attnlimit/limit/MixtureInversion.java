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
 *
 * <p>The weights may sum to less than 1 (the continuous part of a law with an atom split off): the
 * density and CDF are then those of that sub-probability measure, {@code φ(0) = Σ w_k} replacing 1.
 */
final class MixtureInversion {
    /** One independent term: nodes and the number of iid copies. */
    record Component(double[] weights, double[] means, double[] variances, int copies) {
    }

    private static final double RANGE_SDS = 30;
    private static final double GUARD_SDS = 12;
    private static final double DECAY = 42;
    private static final int MAX_POINTS = 200_000;

    private final double total;
    private final double atom;
    private final boolean capped;
    private final double center;
    private final double range;
    private final double step;
    private final double[] re;
    private final double[] im;

    MixtureInversion(List<Component> parts) {
        this(parts, 0);
    }

    /**
     * @param parts the independent terms
     * @param atom the mass of an atom of the sum at 0 to split off (0 if none): its characteristic function
     *     {@code atom} is subtracted, and the result is the continuous part (weights summing to {@code 1 − atom})
     */
    MixtureInversion(List<Component> parts, double atom) {
        double mean = 0;
        double mass = 1;
        double spread = 0;
        double vMax = 0;
        double vMin = 0;
        for (Component c : parts) {
            double mb = 0;
            double wb = 0;
            double hi = 0;
            double lo = Double.POSITIVE_INFINITY;
            for (int k = 0; k < c.weights.length; k++) {
                mb += c.weights[k] * c.means[k];
                wb += c.weights[k];
                hi = Math.max(hi, c.variances[k]);
                if (atom == 0 || c.variances[k] > 0) {
                    lo = Math.min(lo, c.variances[k]);
                }
            }
            mb /= wb;
            mass *= Math.pow(wb, c.copies);
            double dev = 0;
            for (double m : c.means) {
                dev = Math.max(dev, Math.abs(m - mb));
            }
            mean += c.copies * mb;
            spread += c.copies * dev;
            vMax += c.copies * hi;
            // With an atom split off, the continuous part decays at the rate of its slowest single factor.
            vMin = atom == 0 ? vMin + c.copies * lo : (vMin == 0 ? lo : Math.min(vMin, lo));
        }
        if (!(vMax > 0)) {
            throw new InvalidInputException("the law is a point mass (conditional variance 0): no density");
        }
        vMin = Math.max(vMin, 1e-8 * vMax);
        double sdMax = Math.sqrt(vMax);
        this.center = mean;
        // Without an atom the weights sum to 1 up to round-off: use 1 exactly, as the formulas below assume.
        this.total = atom == 0 ? 1 : mass - atom;
        this.atom = atom;
        this.range = spread + RANGE_SDS * sdMax;
        double period = range + spread + GUARD_SDS * sdMax;
        this.step = 2 * Math.PI / period;
        double tMax = Math.sqrt(2 * DECAY / vMin);
        int points = (int) Math.min(MAX_POINTS, Math.ceil(tMax / step));
        this.capped = points == MAX_POINTS;
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
            r -= atom;   // the atom sits at 0
            // centre: φ_X(t) = φ_Y(t) e^{−itE[Y]}
            double c = Math.cos(t * mean);
            double s = Math.sin(t * mean);
            re[j - 1] = r * c + i * s;
            im[j - 1] = i * c - r * s;
        }
    }

    double pdf(double y) {
        return pdf(y, re.length);
    }

    /**
     * @return 0 if the characteristic function was integrated to its decay {@code e^{−42}}; otherwise (the
     *     point budget cut it short: a law whose conditional variance comes near 0, beside an atom) the change
     *     of the density when the integral is cut at half the range, an estimate of the truncation error
     */
    double pdfTruncation(double y) {
        return capped ? Math.abs(pdf(y, re.length) - pdf(y, re.length / 2)) : 0;
    }

    /** @return as {@link #pdfTruncation}, for the CDF */
    double cdfTruncation(double y) {
        return capped ? Math.abs(cdf(y, re.length) - cdf(y, re.length / 2)) : 0;
    }

    private double pdf(double y, int length) {
        double x = y - center;
        if (!(Math.abs(x) <= range)) {
            return 0.0;
        }
        double sum = 0.5 * total;
        for (int j = 1; j <= length; j++) {
            double t = j * step;
            sum += re[j - 1] * Math.cos(t * x) + im[j - 1] * Math.sin(t * x);
        }
        return Math.max(0.0, step * sum / Math.PI);
    }

    double cdf(double y) {
        return cdf(y, re.length);
    }

    private double cdf(double y, int length) {
        double x = y - center;
        if (!(Math.abs(x) <= range)) {
            return x > 0 ? total : 0.0;
        }
        // t → 0 limit of Im[e^{−itx}φ_X(t)]/t: E[X] − x for a probability law; for the part left beside an
        // atom at X = −center it is E[X; no atom] − x·total = atom·center − x·total.
        double sum = 0.5 * (atom * center - x * total);
        for (int j = 1; j <= length; j++) {
            double t = j * step;
            sum += (im[j - 1] * Math.cos(t * x) - re[j - 1] * Math.sin(t * x)) / t;
        }
        return Math.min(total, Math.max(0.0, 0.5 * total - step * sum / Math.PI));
    }
}
