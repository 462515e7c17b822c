package org.attnlimit.limit.nested;

import org.attnlimit.numerics.HermiteRule;

/**
 * Tensor Gauss–Hermite rules for {@code E[f(μ + Σ_m z_m d_m)]}, {@code z ~ N(0, I_r)}, {@code r ≤ 3}: the
 * expectations of nonlinear functions of the Gaussian features of one draw of the nested hierarchy (an MLP's
 * {@code φ(W₁x)} given the scores). Orders {@value #ORDER1}, {@value #ORDER2}, {@value #ORDER3} for
 * {@code r = 1, 2, 3}: exact for polynomials of degree {@code 2n − 1}, and accurate to ~1e-6 for the smooth
 * activations; ReLU pairs of centred features use the closed form instead ({@link #reluPair}).
 * The rules are constants, computed once ({@link HermiteRule}, the project's one Gauss–Hermite rule).
 */
final class GaussHermite {
    static final int ORDER1 = 80;
    static final int ORDER2 = 40;
    static final int ORDER3 = 16;

    private static final class Rules {
        static final double[][] R1 = rule(ORDER1);
        static final double[][] R2 = rule(ORDER2);
        static final double[][] R3 = rule(ORDER3);
    }

    private GaussHermite() {
    }

    private static double[][] rule(int n) {
        HermiteRule r = HermiteRule.of(n);   // the one Gauss–Hermite rule, for E[f(Z)], Z ~ N(0, 1)
        return new double[][] {r.points(), r.weights()};
    }

    /** A function of the feature values. */
    interface Integrand {
        /** @param f the feature values; @param out where to add {@code weight · g(f)} */
        void add(double[] f, double weight, double[] out);
    }

    /**
     * @param mean the feature means ({@code k})
     * @param dirs the principal directions ({@code r × k}), {@code r ≤ 3}
     * @param width the number of integrands
     * @param g adds its values
     * @return {@code E[g(F)]}
     */
    static double[] expect(double[] mean, double[][] dirs, int width, Integrand g) {
        int r = dirs.length;
        int k = mean.length;
        double[] out = new double[width];
        double[] f = new double[k];
        if (r == 0) {
            g.add(mean.clone(), 1, out);
            return out;
        }
        double[][] rule = r == 1 ? Rules.R1 : r == 2 ? Rules.R2 : Rules.R3;
        if (r > 3) {
            throw new UnsupportedOperationException(r + " Gaussian features in one nonlinear expectation (at most 3)");
        }
        double[] x = rule[0];
        double[] w = rule[1];
        int n = x.length;
        int total = 1;
        for (int m = 0; m < r; m++) {
            total *= n;
        }
        int[] idx = new int[r];
        for (int t = 0; t < total; t++) {
            int rem = t;
            double weight = 1;
            for (int m = 0; m < r; m++) {
                idx[m] = rem % n;
                rem /= n;
                weight *= w[idx[m]];
            }
            if (weight < 1e-300) {
                continue;
            }
            for (int i = 0; i < k; i++) {
                double v = mean[i];
                for (int m = 0; m < r; m++) {
                    v += x[idx[m]] * dirs[m][i];
                }
                f[i] = v;
            }
            g.add(f, weight, out);
        }
        return out;
    }

    /**
     * {@code E[relu(U) relu(V)]} for centred jointly Gaussian {@code U, V} (the arc-cosine kernel, Cho &amp; Saul
     * 2009): {@code σ_U σ_V (√(1−ρ²) + ρ(π − arccos ρ)) / (2π)}.
     */
    static double reluPair(double varU, double varV, double cov) {
        if (!(varU > 0) || !(varV > 0)) {
            return 0;
        }
        double su = Math.sqrt(varU);
        double sv = Math.sqrt(varV);
        double rho = Math.max(-1, Math.min(1, cov / (su * sv)));
        return su * sv * (Math.sqrt(1 - rho * rho) + rho * (Math.PI - Math.acos(rho))) / (2 * Math.PI);
    }
}
