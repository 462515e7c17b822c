package org.attnlimit.calculus;

import java.util.Arrays;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;
import org.hipparchus.util.FastMath;

/**
 * Gaussian expectations by quadrature, independent of every closed form: {@code Z = μ + σX},
 * {@code E f(Z) = ∫ f(μ + σx) φ(x) dx}, cut to {@code |x| ≤ L = 12} (the tail is bounded exactly with
 * truncated moments), split at the activation's breakpoints, every 2 units and, geometrically, around
 * points where the integrand turns sharply; Gauss–Legendre with 16 and 32 nodes on each piece.
 *
 * <p>Why not a library routine alone: Gauss–Hermite ignores kinks (1e-4 error on ReLU even with 1600
 * nodes) and adaptive integrators do not know where the kinks are. The integrand is analytic on each
 * piece, so Gauss–Legendre converges geometrically there and {@code |I₃₂ − I₁₆|} over-estimates the
 * error of {@code I₃₂}; the reported bound is that difference, plus the tail bound, plus rounding.
 *
 * <p>Bivariate: condition V on U, {@code V | U=u ~ N(c12 u/v1, v2 − c12²/v1)}, and integrate the
 * inner one-dimensional expectation over u; at {@code |ρ| = 1} the inner law is a point mass and the
 * integrand is {@code φ(u)ψ(c12 u/v1)}. Thread-safe (no mutable state).
 */
public final class SplitQuadrature {
    /** Truncation in standard units: Q(12) ≈ 1.8e-33. */
    static final double L = 12;
    private static final double[] X_LOW;
    private static final double[] W_LOW;
    private static final double[] X_HIGH;
    private static final double[] W_HIGH;

    static {
        // The double-precision rules agree with legendreHighPrecision to 1 ulp at these orders, and
        // cost milliseconds to build instead of seconds (the Dfp arithmetic of the latter).
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        GaussIntegrator low = factory.legendre(16);
        GaussIntegrator high = factory.legendre(32);
        X_LOW = points(low);
        W_LOW = weights(low);
        X_HIGH = points(high);
        W_HIGH = weights(high);
    }

    private SplitQuadrature() {
    }

    /** An integrand that also reports a bound on the error of its own value (for nested quadrature). */
    @FunctionalInterface
    interface Integrand {
        /** @return f(x), writing a bound on its error to {@code error[0]} (left 0 if exact) */
        double at(double x, double[] error);
    }

    /** A value and a bound on its absolute error. */
    record Result(double value, double error, int intervals) {
    }

    /**
     * {@code E[φ(Z)^k]} for {@code Z ~ N(mean, var)}, {@code var > 0}, by split quadrature.
     */
    public static Expectation moment(Activation phi, int k, double mean, double var) {
        double sd = FastMath.sqrt(var);
        double[] hard = scaled(phi.breakpoints(), mean, sd);
        double[][] soft = smooth(phi) ? new double[][] {{-mean / sd, 1 / sd}} : new double[0][];
        Result r = integrate((x, e) -> FastMath.pow(phi.apply(mean + sd * x), k), hard, soft);
        double tail = momentTail(phi, k, mean, sd);
        return new Expectation(r.value(), null, Method.QUADRATURE, r.error() + tail,
                "Gauss-Legendre 16/32 nodes on " + r.intervals() + " intervals split at the breakpoints; |x| > 12 bounded");
    }

    /**
     * {@code E[φ(U)ψ(V)]} by nested quadrature, the inner integral also by quadrature: the independent
     * check of every bivariate identity. Requires {@code v1, v2 > 0} and {@code |cov| ≤ √(v1 v2)}.
     */
    public static Expectation pair(Activation phi, Activation psi, double v1, double v2, double cov) {
        return nested(phi, psi, v1, v2, cov, false);
    }

    /** As {@link #pair}, the inner expectation by the fast path (closed form where known). */
    static Expectation pairFast(Activation phi, Activation psi, double v1, double v2, double cov) {
        return nested(phi, psi, v1, v2, cov, true);
    }

    private static Expectation nested(Activation phi, Activation psi, double v1, double v2, double cov, boolean fast) {
        double s1 = FastMath.sqrt(v1);
        double beta = cov / v1;
        double condVar = Math.max(0, v2 - cov * beta);
        double slope = beta * s1; // inner mean = slope · x
        double[] hardPhi = scaled(phi.breakpoints(), 0, s1);
        Result r;
        if (condVar <= 1e-14 * v2) {
            // |ρ| = 1: V = (c12/v1) U exactly, a one-dimensional integrand with both sets of kinks.
            double[] hard = concat(hardPhi, scaled(psi.breakpoints(), 0, slope));
            double[][] soft = softPoints(phi, s1, psi, slope, 1.0);
            r = integrate((x, e) -> phi.apply(s1 * x) * psi.apply(slope * x), hard, soft);
        } else {
            double condSd = FastMath.sqrt(condVar);
            double[] kinks = scaled(psi.breakpoints(), 0, slope);
            double[][] soft = softPoints(phi, s1, psi, slope, FastMath.sqrt(condVar + 1));
            double[][] all = Arrays.copyOf(soft, soft.length + kinks.length);
            for (int i = 0; i < kinks.length; i++) {
                all[soft.length + i] = new double[] {kinks[i], condSd / Math.abs(slope)};
            }
            r = integrate((x, e) -> {
                double outer = phi.apply(s1 * x);
                if (outer == 0) {
                    return 0.0;
                }
                Expectation inner = fast
                        ? GaussianExpectations.moment(psi, 1, slope * x, condVar)
                        : moment(psi, 1, slope * x, condVar);
                e[0] = Math.abs(outer) * inner.errorBound();
                return outer * inner.value();
            }, hardPhi, slope == 0 ? soft : all);
        }
        // Tail |x| > 12 by Cauchy–Schwarz: E[|φ(U)ψ(V)|; |X| > L] ≤ √(E[φ(U)²; |X| > L]) · √(E ψ(V)²).
        double tail = FastMath.sqrt(momentTail(phi, 2, 0, s1)) * (growth(psi)[0] + growth(psi)[1] * FastMath.sqrt(v2));
        return new Expectation(r.value(), null, Method.QUADRATURE, r.error() + tail,
                "nested Gauss-Legendre 16/32 nodes, V | U Gaussian, split at the breakpoints of both activations");
    }

    /** ∫_{−L}^{L} f(x) φ(x) dx on the partition built from the hard breakpoints and graded soft points. */
    static Result integrate(Integrand f, double[] hard, double[][] soft) {
        double[] grid = partition(hard, soft);
        double[] err = new double[1];
        double value = 0;
        double error = 0;
        double sumAbs = 0;
        for (int i = 0; i + 1 < grid.length; i++) {
            double a = grid[i];
            double b = grid[i + 1];
            double half = (b - a) / 2;
            double mid = (a + b) / 2;
            double low = 0;
            for (int j = 0; j < X_LOW.length; j++) {
                double x = mid + half * X_LOW[j];
                low += W_LOW[j] * f.at(x, err) * Normal.pdf(x);
            }
            double high = 0;
            for (int j = 0; j < X_HIGH.length; j++) {
                double x = mid + half * X_HIGH[j];
                err[0] = 0;
                double w = W_HIGH[j] * Normal.pdf(x);
                double term = w * f.at(x, err);
                high += term;
                sumAbs += Math.abs(term) * half;
                error += w * err[0] * half;
            }
            value += half * high;
            error += half * Math.abs(high - low);
        }
        return new Result(value, error + 16 * Math.ulp(1.0) * sumAbs, grid.length - 1);
    }

    /** Sorted distinct points: ±L, the even integers between, hard points, and s ± w·2^j around soft points. */
    static double[] partition(double[] hard, double[][] soft) {
        double[] pts = new double[64 + hard.length + 64 * soft.length];
        int n = 0;
        for (int i = (int) -L; i <= (int) L; i += 2) {
            pts[n++] = i;
        }
        for (double h : hard) {
            pts[n++] = h;
        }
        for (double[] s : soft) {
            double centre = s[0];
            double width = s[1];
            if (!(width < 2) || !(Math.abs(centre) < L + 1)) {
                continue;
            }
            pts[n++] = centre;
            for (double d = Math.max(width, 1e-6); d < 2 && n + 2 < pts.length; d *= 2) {
                pts[n++] = centre - d;
                pts[n++] = centre + d;
            }
        }
        double[] sorted = Arrays.copyOf(pts, n);
        Arrays.sort(sorted);
        double[] out = new double[n];
        int m = 0;
        for (double p : sorted) {
            double q = Math.max(-L, Math.min(L, p));
            if (m == 0 || q - out[m - 1] > 1e-12) {
                out[m++] = q;
            }
        }
        return Arrays.copyOf(out, m);
    }

    /**
     * Bound on {@code E[|φ(μ + σX)|^k; |X| > L]} from {@code |φ(t)| ≤ a + b|t|}:
     * {@code Σ_j C(k,j) (a + b|μ|)^{k−j} (bσ)^j · 2∫_L^∞ x^j φ(x) dx}.
     */
    static double momentTail(Activation phi, int k, double mean, double sd) {
        double[] g = growth(phi);
        double a = g[0] + g[1] * Math.abs(mean);
        double b = g[1] * sd;
        double[] m = Normal.truncatedMoments(L, Double.POSITIVE_INFINITY, k);
        double sum = 0;
        long binom = 1;
        for (int j = 0; j <= k; j++) {
            sum += binom * FastMath.pow(a, k - j) * FastMath.pow(b, j) * 2 * m[j];
            binom = binom * (k - j) / (j + 1);
        }
        return sum;
    }

    /** @return {a, b} with |φ(t)| ≤ a + b|t| for all t */
    private static double[] growth(Activation phi) {
        switch (phi.kind()) {
            case CLIP:
                return new double[] {phi.parameter(), 0};
            case STEP:
            case TANH:
            case ERF:
            case SIGMOID:
                return new double[] {1, 0};
            case LEAKY_RELU:
                return new double[] {0, Math.max(1, Math.abs(phi.parameter()))};
            default:
                return new double[] {0, 1};
        }
    }

    private static boolean smooth(Activation phi) {
        return !phi.kind().piecewisePolynomial();
    }

    /** Soft points where a smooth activation turns (at 0, on its unit scale), mapped to x. */
    private static double[][] softPoints(Activation phi, double s1, Activation psi, double slope, double psiScale) {
        double[][] soft = new double[2][];
        int n = 0;
        if (smooth(phi)) {
            soft[n++] = new double[] {0, 1 / s1};
        }
        if (smooth(psi) && slope != 0) {
            soft[n++] = new double[] {0, psiScale / Math.abs(slope)};
        }
        return Arrays.copyOf(soft, n);
    }

    /** Breakpoints b of φ(μ + σx) in x: (b − μ)/σ; none if σ = 0. */
    private static double[] scaled(double[] breakpoints, double mean, double sd) {
        if (sd == 0) {
            return new double[0];
        }
        double[] out = new double[breakpoints.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (breakpoints[i] - mean) / sd;
        }
        return out;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static double[] points(GaussIntegrator rule) {
        double[] x = new double[rule.getNumberOfPoints()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rule.getPoint(i);
        }
        return x;
    }

    private static double[] weights(GaussIntegrator rule) {
        double[] w = new double[rule.getNumberOfPoints()];
        for (int i = 0; i < w.length; i++) {
            w[i] = rule.getWeight(i);
        }
        return w;
    }
}
