package org.attnlimit.limit;

/**
 * Exact one-dimensional formulas for {@code m1 = E[sᵀKs]} and {@code m2 = E[(sᵀKs)²]} when the tokens
 * are exchangeable, {@code K = λI + o·11ᵀ} (the paper's inputs {@code x_j = φ(h_j)}, h_j iid, give
 * {@code λ = E[φ²] − E[φ]²}, {@code o = E[φ]²}).
 *
 * <p>Then {@code sᵀKs = λQ + o} with {@code Q = Σ_j s_j²}, and since softmax ignores the common part,
 * {@code s = softmax(z)} with {@code z_j} iid {@code N(0, τ²)}, {@code τ² = σ_Q²σ_K²K_11 λ}. With
 * {@code S = Σ_j e^{z_j}} and {@code S^{−k} = ∫_0^∞ t^{k−1} e^{−tS} dt/(k−1)!}:
 * <pre>
 *   E[Q]  = s ∫_0^∞ t A_2(t) A_0(t)^{s−1} dt,
 *   E[Q²] = ∫_0^∞ (t³/6) [ s A_4 A_0^{s−1} + s(s−1) A_2² A_0^{s−2} ] dt,
 *   A_k(t) = E[e^{kz} exp(−t e^{z})],  z ~ N(0, τ²),
 * </pre>
 * a one-dimensional integral of one-dimensional Gaussian integrals, whatever {@code s}. This makes
 * s = 10 (and s = 100) as accurate as s = 2, where a tensor rule in s − 1 dimensions is impossible and
 * quasi-Monte Carlo reaches only ~1e-4. Both integrals use the trapezoidal rule (after {@code t = e^u},
 * {@code z = τx}), which converges geometrically for these analytic, rapidly decaying integrands; the
 * error estimate is the difference between steps {@code h} and {@code 2h}. No library offers this
 * softmax-specific reduction, hence the hand-written code.
 */
final class ExchangeableMoments {

    /** Result: the moments of {@code v = sᵀKs} and the relative error estimate. */
    record Result(double m1, double m2, double relativeError) {
    }

    /** Above this τ the grids (steps ∝ 1/τ, ranges ∝ τ²) get too large for a fast answer. */
    static final double MAX_TAU = 3.0;

    private ExchangeableMoments() {
    }

    /** @return {@code τ = √(σ_Q²σ_K²K_11 λ)}, the standard deviation of the centred scores */
    static double tau(double[][] k, double scoreScale) {
        return Math.sqrt(scoreScale * k[0][0] * (k[0][0] - k[0][1]));
    }

    /** @return whether {@code K} has equal diagonal and equal off-diagonal entries (to 1e-14, relative) */
    static boolean applies(double[][] k) {
        int s = k.length;
        if (s < 2) {
            return false;
        }
        double d = k[0][0];
        double o = k[0][1];
        double tol = 1e-14 * Math.abs(d);
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                if (Math.abs(k[i][j] - (i == j ? d : o)) > tol) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Computes {@code m1, m2} for the exchangeable Gram {@code k} and score factor {@code σ_Q²σ_K²}. */
    static Result of(double[][] k, double scoreScale) {
        int s = k.length;
        double lambda = k[0][0] - k[0][1];
        double o = k[0][1];
        double tau = tau(k, scoreScale);
        double[] fine = moments(s, tau, 1);
        double[] coarse = moments(s, tau, 2);
        double m1 = lambda * fine[0] + o;
        double m2 = lambda * lambda * fine[1] + 2 * lambda * o * fine[0] + o * o;
        double c1 = lambda * coarse[0] + o;
        double c2 = lambda * lambda * coarse[1] + 2 * lambda * o * coarse[0] + o * o;
        double err = Math.max(Math.abs(m1 - c1) / Math.abs(m1), Math.abs(m2 - c2) / Math.abs(m2));
        return new Result(m1, m2, err + 1e-14);
    }

    /** @return {E[Q], E[Q²]} with the grids coarsened by {@code coarsen} (1 or 2) */
    private static double[] moments(int s, double tau, int coarsen) {
        if (tau == 0) {
            return new double[] {1.0 / s, 1.0 / ((double) s * s)};
        }
        double hx = coarsen * 0.04 / Math.max(1.0, tau);
        double xMin = -16;
        double xMax = 16 + 4 * tau;
        int nx = (int) Math.ceil((xMax - xMin) / hx);
        double[] xs = new double[nx + 1];
        double[] logw = new double[nx + 1];
        for (int i = 0; i <= nx; i++) {
            double x = xMin + i * hx;
            xs[i] = x;
            logw[i] = -0.5 * x * x + Math.log(hx / Math.sqrt(2 * Math.PI));
        }
        double hu = coarsen * 0.05;
        double uMin = -30 - 8 * tau * tau;
        double uMax = 12 + 10 * tau;
        int nu = (int) Math.ceil((uMax - uMin) / hu);
        double q1 = 0;
        double q2 = 0;
        for (int j = 0; j <= nu; j++) {
            double u = uMin + j * hu;
            double a0 = 0;
            double a2 = 0;
            double a4 = 0;
            for (int i = 0; i <= nx; i++) {
                double z = tau * xs[i];
                double base = logw[i] - Math.exp(u + z);
                a0 += Math.exp(base);
                a2 += Math.exp(base + 2 * z);
                a4 += Math.exp(base + 4 * z);
            }
            double p0 = Math.pow(a0, s - 2);
            q1 += hu * s * Math.exp(2 * u) * a2 * p0 * a0;
            q2 += hu * Math.exp(4 * u) / 6 * (s * a4 * p0 * a0 + (double) s * (s - 1) * a2 * a2 * p0);
        }
        return new double[] {q1, q2};
    }
}
