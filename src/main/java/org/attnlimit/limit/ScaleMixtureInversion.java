package org.attnlimit.limit;

import org.attnlimit.calculus.InvalidInputException;

/**
 * Density and CDF of {@code Y = Σ_{a=1}^{H} Y_a}, with {@code Y_a | p̊^a ~ N(0, σ² v_a / H)} independent
 * over heads and {@code v_a} iid with the discrete law {@link HeadLaw} (Example 3.1,
 * {@code σ² = σ_O²σ_V²}).
 *
 * <p>The characteristic function is explicit:
 * {@code φ_Y(t) = (E[exp(−t²σ²v/(2H))])^H = (Σ_k w_k exp(−t²σ²v_k/(2H)))^H}, real, even, and bounded by
 * {@code exp(−t²σ²v_min/2)}. Fourier inversion (density) and Gil-Pelaez (CDF):
 * {@code f(y) = π^{−1}∫_0^∞ φ_Y(t) cos(ty) dt}, {@code F(y) = 1/2 + π^{−1}∫_0^∞ φ_Y(t) sin(ty)/t dt},
 * both by the trapezoidal rule with step {@code h} on {@code [0, T]}.
 *
 * <p><b>Error.</b> On the whole line the trapezoidal rule returns the density (CDF increment) periodised
 * with period {@code P = 2π/h} (Poisson summation), so its error is the aliasing sum
 * {@code Σ_{m≠0} f(y + mP)} (resp. interval masses near {@code mP}), bounded by the Gaussian tail
 * {@code P(|Y| > P − |y|) ≤ 2exp(−(P−|y|)²/(2σ²v_max))} since {@code V ≤ σ²v_max}. With
 * {@code |y| ≤ Y_max = 30 sd_max} and {@code P = Y_max + 12 sd_max} that is below {@code 2e^{−72}}.
 * Truncating at {@code T} with {@code T²σ²v_min/2 = 42} costs below {@code e^{−42}} relative.
 * Beyond {@code Y_max} the density is returned as 0 and the CDF as 0 or 1 (error ≤ {@code 2e^{−450}}).
 * A direct mixture for H &gt; 1 would need the {@code H}-fold convolution of the node set (combinatorially
 * many terms), which is why the characteristic function is used; no library inverts it for us.
 */
final class ScaleMixtureInversion {
    private static final double RANGE_SDS = 30;
    private static final double GUARD_SDS = 12;
    private static final double DECAY = 42;
    private static final int MAX_POINTS = 200_000;

    private final double step;
    private final double[] cf;   // φ_Y(k h), k = 1..K
    private final double range;

    ScaleMixtureInversion(HeadLaw law, int heads, double valueScale) {
        double vMax = law.max();
        double vMin = Math.max(law.min(), 1e-8 * vMax);
        double sdMax = Math.sqrt(valueScale * vMax);
        this.range = RANGE_SDS * sdMax;
        double period = range + GUARD_SDS * sdMax;
        this.step = 2 * Math.PI / period;
        double tMax = Math.sqrt(2 * DECAY / (valueScale * vMin));
        int points = (int) Math.min(MAX_POINTS, Math.ceil(tMax / step));
        this.cf = new double[points];
        for (int k = 1; k <= points; k++) {
            double t = k * step;
            double perHead = law.laplace(t * t * valueScale / (2.0 * heads));
            cf[k - 1] = Math.pow(perHead, heads);
        }
    }

    /** @return the density at {@code y} */
    double pdf(double y) {
        if (!(Math.abs(y) <= range)) {
            if (Double.isNaN(y)) {
                throw new InvalidInputException("y must be a number, got NaN");
            }
            return 0.0;
        }
        double sum = 0.5;
        for (int k = 1; k <= cf.length; k++) {
            sum += cf[k - 1] * Math.cos(k * step * y);
        }
        return Math.max(0.0, step * sum / Math.PI);
    }

    /** @return the CDF at {@code y} */
    double cdf(double y) {
        if (!(Math.abs(y) <= range)) {
            if (Double.isNaN(y)) {
                throw new InvalidInputException("y must be a number, got NaN");
            }
            return y > 0 ? 1.0 : 0.0;
        }
        double sum = 0.5 * y;
        for (int k = 1; k <= cf.length; k++) {
            double t = k * step;
            sum += cf[k - 1] * Math.sin(t * y) / t;
        }
        double f = 0.5 + step * sum / Math.PI;
        return Math.min(1.0, Math.max(0.0, f));
    }

    /** @return the half-width beyond which the density is treated as 0 */
    double range() {
        return range;
    }
}
