package org.attnlimit.experiment;

import org.attnlimit.calculus.Normal;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.Scaling;
import org.attnlimit.numerics.PsdRoot;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.attnlimit.numerics.Softmax;
import org.attnlimit.random.ParallelSampler;

/**
 * The distance of the finite-width law from the limit, resolved far below the sampling noise floor of
 * two-sample estimators by conditioning and coupling.
 *
 * <p>Conditioning: given the token Gram matrix Γ, the scores and the value scales {@code c_a² = σ²χ²_d/d},
 * the exact sampler's output is {@code N(0, V_n)}, {@code V_n = (1/H) Σ_a c_a² (s^a)ᵀ Γ s^a}; the limit
 * is {@code N(0, V_∞)} with {@code V_∞ = (σ²/H) Σ_a (s̊^a)ᵀ K s̊^a} (Example 3.1). Hence both CDFs are
 * exact averages, {@code F_n(x) = E Φ(x/√V_n)}, {@code F_∞(x) = E Φ(x/√V_∞)}.
 *
 * <p>Coupling: {@code s^a = softmax(c·√(Γ_11χ²_d/d)·L z^a)} and {@code s̊^a = softmax(√K_11·L_K z^a)} use
 * the same {@code z^a}, so {@code Φ(x/√V_n) − Φ(x/√V_∞)} is {@code O(n^{-1/2})} per sample while its mean,
 * {@code F_n − F_∞}, is what we want. Averaging M coupled pairs gives the KS distance
 * {@code sup_x |F_n − F_∞|} and {@code W_1 = ∫|F_n − F_∞|} with standard errors of order
 * {@code (nM)^{-1/2}} instead of {@code M^{-1/2}}. Both V are binned linearly on a fine grid (which keeps
 * means exactly) so that the curves cost (grid)×(bins), not M×(grid). Standard errors by the
 * jackknife over 20 batches. {@code 1/√d} scaling only.
 */
public final class CoupledLimitDistance {
    private static final int BATCHES = 20;
    private static final int BINS = 2048;
    private static final int GRID = 600;

    /**
     * @param width n
     * @param samples M coupled pairs
     * @param ks {@code sup_x |F_n(x) − F_∞(x)|}
     * @param ksSe its jackknife standard error
     * @param w1 {@code ∫|F_n − F_∞|}
     * @param w1Se its jackknife standard error
     * @param varianceGap {@code Var_n − Var_∞ = E[V_n − V_∞]}
     * @param varianceGapSe its standard error
     * @param fourthMomentGap {@code E y_n⁴ − E y_∞⁴ = 3E[V_n² − V_∞²]}
     * @param fourthMomentGapSe its standard error
     */
    public record Result(int width, int samples, double ks, double ksSe, double w1, double w1Se, double varianceGap,
            double varianceGapSe, double fourthMomentGap, double fourthMomentGapSe) {
    }

    private CoupledLimitDistance() {
    }

    /**
     * @param spec the finite layer ({@code 1/√d} scaling)
     * @param gram the limit Gram matrix K of the token inputs (Example 3.1)
     * @param samples M, a multiple of {@code 2·BATCHES} is not required
     */
    public static Result estimate(LayerSpec spec, double[][] gram, int samples, ParallelSampler sampler) {
        if (spec.scaling() != Scaling.SQRT) {
            throw new InvalidInputException("the coupled distance needs 1/sqrt(d) scaling");
        }
        int s = spec.tokens();
        double[] k = new double[s * s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                k[i * s + j] = gram[i][j];
            }
        }
        double[] lk = new double[s * s];
        PsdRoot.cholesky(k, lk, s);
        ParallelSampler even = sampler.withChunkSize(2 * Math.max(1, sampler.chunkSize() / 2));
        double[] pairs = even.sample(2 * samples, (rng, out, from, to) -> {
            Pair p = new Pair(spec, lk, rng);
            for (int t = from; t < to; t += 2) {
                p.draw(out, t);
            }
        }, null);
        return summarise(spec.width(), pairs);
    }

    /** One coupled draw of (V_n, V_∞), reusing the exact sampler's steps. */
    private static final class Pair {
        private final LayerSpec spec;
        private final double[] lk;
        private final ZigguratSampler.NormalizedGaussian normal;
        private final ContinuousDistribution.Sampler chiN;
        private final ContinuousDistribution.Sampler chiD;
        private final ExactAttentionSampler.GramFactor factor;
        private final double[] z;
        private final double[] p;
        private final double[] q;
        private final int s;

        Pair(LayerSpec spec, double[] lk, UniformRandomProvider rng) {
            this.spec = spec;
            this.lk = lk;
            this.s = spec.tokens();
            this.normal = ZigguratSampler.NormalizedGaussian.of(rng);
            this.chiN = ChiSquaredDistribution.of(spec.width()).createSampler(rng);
            this.chiD = spec.headDim() == spec.width() ? chiN : ChiSquaredDistribution.of(spec.headDim()).createSampler(rng);
            this.factor = new ExactAttentionSampler.GramFactor(spec, normal, rng);
            this.z = new double[s];
            this.p = new double[s];
            this.q = new double[s];
        }

        void draw(double[] out, int at) {
            int d = spec.headDim();
            double r = Math.sqrt(chiN.sample() / spec.width());
            double[] l = factor.factor(r);
            double gamma11 = l[0] * l[0];
            double sigma2 = spec.sigmaV() * spec.sigmaV() * spec.sigmaO() * spec.sigmaO();
            double qk = spec.sigmaQ() * spec.sigmaK();
            double vn = 0;
            double vl = 0;
            for (int a = 0; a < spec.heads(); a++) {
                for (int i = 0; i < s; i++) {
                    z[i] = normal.sample();
                }
                PsdRoot.lowerTimes(l, z, qk * Math.sqrt(gamma11 * chiD.sample() / d), p, s);
                PsdRoot.lowerTimes(lk, z, qk * Math.sqrt(lk[0] * lk[0]), q, s);
                Softmax.apply(p, p);
                Softmax.apply(q, q);
                vn += sigma2 * chiD.sample() / d * quadratic(l, p);
                vl += sigma2 * quadratic(lk, q);
            }
            out[at] = vn / spec.heads();
            out[at + 1] = vl / spec.heads();
        }

        /** {@code wᵀ(LLᵀ)w = |Lᵀw|²}. */
        private double quadratic(double[] l, double[] w) {
            double total = 0;
            for (int j = 0; j < s; j++) {
                double acc = 0;
                for (int i = j; i < s; i++) {
                    acc += l[i * s + j] * w[i];
                }
                total += acc * acc;
            }
            return total;
        }
    }

    private static Result summarise(int width, double[] pairs) {
        int m = pairs.length / 2;
        double vmax = 0;
        double[] dv = new double[m];
        double[] d4 = new double[m];
        for (int i = 0; i < m; i++) {
            double a = pairs[2 * i];
            double b = pairs[2 * i + 1];
            vmax = Math.max(vmax, Math.max(a, b));
            dv[i] = a - b;
            d4[i] = 3 * (a * a - b * b);
        }
        double step = vmax / (BINS - 1);
        double[][] diff = new double[BATCHES][BINS];
        int[] counts = new int[BATCHES];
        for (int i = 0; i < m; i++) {
            int b = (int) ((long) i * BATCHES / m);
            counts[b]++;
            bin(diff[b], pairs[2 * i] / step, 1.0);
            bin(diff[b], pairs[2 * i + 1] / step, -1.0);
        }
        double xmax = 10 * Math.sqrt(vmax);
        double[] x = new double[GRID];
        for (int g = 0; g < GRID; g++) {
            x[g] = xmax * g / (GRID - 1);
        }
        // curve[b][g] = Σ_bins diff[b][bin] Φ(x_g/√v_bin): batch b's (unnormalised) F_n − F_∞ at x_g.
        double[][] curve = new double[BATCHES][GRID];
        for (int j = 1; j < BINS; j++) {
            double sv = Math.sqrt(j * step);
            for (int g = 0; g < GRID; g++) {
                double phi = Normal.cdf(x[g] / sv);
                for (int b = 0; b < BATCHES; b++) {
                    curve[b][g] += diff[b][j] * phi;
                }
            }
        }
        double[] full = distances(curve, counts, -1, x);
        double[] ksLoo = new double[BATCHES];
        double[] w1Loo = new double[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            double[] loo = distances(curve, counts, b, x);
            ksLoo[b] = loo[0];
            w1Loo[b] = loo[1];
        }
        return new Result(width, m, full[0], jackknife(ksLoo), full[1], jackknife(w1Loo), mean(dv), se(dv),
                mean(d4), se(d4));
    }

    /** Linear binning: splits weight w between the two grid points around position t. */
    private static void bin(double[] bins, double t, double w) {
        int i = (int) Math.floor(t);
        if (i >= BINS - 1) {
            bins[BINS - 1] += w;
            return;
        }
        double f = t - i;
        bins[i] += w * (1 - f);
        bins[i + 1] += w * f;
    }

    /** @return {KS, W1} of the batches except {@code skip} (−1: none); F_n − F_∞ is odd in x, so W1 = 2∫_0^∞. */
    private static double[] distances(double[][] curve, int[] counts, int skip, double[] x) {
        long n = 0;
        for (int b = 0; b < BATCHES; b++) {
            if (b != skip) {
                n += counts[b];
            }
        }
        double ks = 0;
        double w1 = 0;
        double prev = 0;
        for (int g = 0; g < x.length; g++) {
            double acc = 0;
            for (int b = 0; b < BATCHES; b++) {
                if (b != skip) {
                    acc += curve[b][g];
                }
            }
            double dvalue = Math.abs(acc / n);
            ks = Math.max(ks, dvalue);
            if (g > 0) {
                w1 += (x[g] - x[g - 1]) * (dvalue + prev);
            }
            prev = dvalue;
        }
        return new double[] {ks, w1};
    }

    private static double jackknife(double[] loo) {
        double m = mean(loo);
        double ss = 0;
        for (double v : loo) {
            ss += (v - m) * (v - m);
        }
        return Math.sqrt((loo.length - 1.0) / loo.length * ss);
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double se(double[] v) {
        double m = mean(v);
        double ss = 0;
        for (double x : v) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (v.length - 1) / v.length);
    }
}
