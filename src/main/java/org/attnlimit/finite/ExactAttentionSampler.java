package org.attnlimit.finite;

import org.attnlimit.numerics.Mutation;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.numerics.PsdRoot;
import org.attnlimit.numerics.Softmax;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;

/**
 * The finite-width layer of Appendix B sampled exactly in law without any n×n matrix
 * (derivation: {@code theory/exact-sampler.md}). Per sample, with {@code Γ = XXᵀ/n} the token Gram
 * matrix and {@code LLᵀ = Γ}:
 *
 * <ol>
 *   <li>{@code r² = χ²_n/n}, {@code x^i = φ(r g^i)}, {@code g^i ~ N(0, I_n)} iid — O(s·n);</li>
 *   <li>per head {@code a}: {@code p^a_{1·} = c_d·σ_Qσ_K √(Γ_11 χ²_d)·L z^a}, {@code z^a ~ N(0, I_s)},
 *       where {@code c_d = d^{-1/2}} or {@code d^{-1}};</li>
 *   <li>{@code u^a = σ_Vσ_O √(χ²_d/d)·L ξ^a}, {@code ξ^a ~ N(0, I_s)}, independent of the scores;</li>
 *   <li>{@code y = H^{-1/2} Σ_a softmax(p^a_{1·})ᵀ u^a}.</li>
 * </ol>
 *
 * <p>Shortcut for activations that are the identity on {@code [−c, c]} (clip with {@code c}, e.g. the
 * paper's {@code c = 100}): given {@code r}, if {@code s·n·P(|r g| > c) < 10^{-300}} then
 * {@code Γ = r²·W/n} with {@code W ~ Wishart_s(n, I)} drawn by the Bartlett decomposition
 * {@code W = TTᵀ} ({@code T_ii² ~ χ²_{n−i+1}}, {@code T_ij ~ N(0,1)} below the diagonal), and
 * {@code L = rT/√n}: O(s²) per sample, independent of n. The law so drawn differs from the exact one by
 * less than 10^{-300} in total variation (the only difference is on the event that some coordinate
 * is clipped).
 */
public final class ExactAttentionSampler implements AttentionSampler {
    /** log10 of the total-variation budget of the Wishart shortcut. */
    static final double LOG10_SHORTCUT_BUDGET = -300;

    private final LayerSpec spec;

    private ExactAttentionSampler(LayerSpec spec) {
        this.spec = spec;
    }

    /** @return the exact reduced sampler of {@code spec} */
    public static ExactAttentionSampler of(LayerSpec spec) {
        return new ExactAttentionSampler(spec);
    }

    @Override
    public LayerSpec spec() {
        return spec;
    }

    @Override
    public ParallelSampler.ChunkTask task(Readout readout) {
        if (readout == Readout.SCORE_12 && spec.tokens() < 2) {
            throw new InvalidInputException("score p_12 needs at least 2 tokens");
        }
        return (rng, out, from, to) -> {
            Workspace w = new Workspace(spec, rng);
            for (int t = from; t < to; t++) {
                out[t] = w.draw(readout, null, 0);
            }
        };
    }

    /**
     * {@inheritDoc} Here {@code V_a = σ_V²σ_O²(χ²_d/d)·(s^a)ᵀΓs^a}: the variance of head {@code a}'s term
     * {@code softmax(p^a)ᵀu^a} given {@code Γ}, its scores and the χ² of its values (step 3 of the sampler).
     */
    @Override
    public double[] sampleHeadVariances(int count, ParallelSampler sampler) {
        int h = spec.heads();
        return sampler.withChunkSize(sampler.chunkSize() * h).sample(count * h, (rng, out, from, to) -> {
            Workspace w = new Workspace(spec, rng);
            for (int t = from; t < to; t += h) {
                w.draw(Readout.OUTPUT, out, t);
            }
        }, null);
    }

    /**
     * @return whether, given {@code r}, the Wishart shortcut may be used: φ is the identity on
     *     {@code [−c, c]} and {@code s·n·erfc(c/(r√2)) < 10^{-300}}, bounded through
     *     {@code erfc(x) ≤ e^{−x²}/(x√π)} in log form (erfc itself underflows there)
     */
    static boolean shortcutApplies(Activation phi, double r, int s, int n) {
        if (phi.kind() == Activation.Kind.IDENTITY) {
            return true;
        }
        if (phi.kind() != Activation.Kind.CLIP) {
            return false;
        }
        double x = phi.parameter() / (r * Math.sqrt(2));
        if (!(x > 1)) {
            return false;
        }
        double log10Bound = Math.log10((double) s * n) - x * x / Math.log(10) - Math.log10(x * Math.sqrt(Math.PI));
        return log10Bound < LOG10_SHORTCUT_BUDGET;
    }

    /**
     * Step 1 of the sampler: a Cholesky factor {@code L} of the token Gram matrix {@code Γ = XXᵀ/n}
     * given {@code r}, by the Wishart shortcut when it applies, else from the token inputs. Per chunk
     * (public for the coupled finite-versus-limit draws of {@code experiment.CoupledLimitDistance}, which
     * must draw {@code Γ} exactly as this sampler does).
     */
    public static final class GramFactor {
        private final LayerSpec spec;
        private final ZigguratSampler.NormalizedGaussian normal;
        private final ContinuousDistribution.Sampler[] bartlett;
        private final int n;
        private final int s;
        private final double[][] x;
        private final double[] gram;
        private final double[] l;

        /** Scratch space for {@code spec}'s layer, drawing from {@code normal} and {@code rng}. */
        public GramFactor(LayerSpec spec, ZigguratSampler.NormalizedGaussian normal, UniformRandomProvider rng) {
            this.spec = spec;
            this.normal = normal;
            this.n = spec.width();
            this.s = spec.tokens();
            this.bartlett = new ContinuousDistribution.Sampler[s];
            for (int i = 0; i < s; i++) {
                bartlett[i] = ChiSquaredDistribution.of(n - i).createSampler(rng);
            }
            this.x = new double[s][];
            this.gram = new double[s * s];
            this.l = new double[s * s];
        }

        /** @return L (row-major s×s, lower triangular; overwritten by the next call) */
        /** @return the row-major Cholesky factor of {@code Γ} given the input scale {@code r} (reused array) */
        public double[] factor(double r) {
            if (shortcutApplies(spec.phi(), r, s, n)) {
                bartlettFactor(r);
            } else {
                gramFactor(r);
            }
            return l;
        }

        /** {@code L = rT/√n}, T the Bartlett factor of {@code Wishart_s(n, I)}. */
        private void bartlettFactor(double r) {
            double scale = r / Math.sqrt(n);
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < i; j++) {
                    l[i * s + j] = scale * normal.sample();
                }
                l[i * s + i] = scale * Math.sqrt(bartlett[i].sample());
                for (int j = i + 1; j < s; j++) {
                    l[i * s + j] = 0.0;
                }
            }
        }

        /** {@code x^i = φ(r g^i)}, {@code Γ = XXᵀ/n}, {@code L = chol(Γ)}. */
        private void gramFactor(double r) {
            for (int i = 0; i < s; i++) {
                if (x[i] == null) {
                    x[i] = new double[n];
                }
                double[] xi = x[i];
                boolean noPhi = Mutation.EXACT_GRAM_WITHOUT_ACTIVATION.planted();
                for (int a = 0; a < n; a++) {
                    xi[a] = noPhi ? r * normal.sample() : spec.phi().apply(r * normal.sample());
                }
            }
            for (int i = 0; i < s; i++) {
                for (int j = 0; j <= i; j++) {
                    double acc = 0;
                    double[] xi = x[i];
                    double[] xj = x[j];
                    for (int a = 0; a < n; a++) {
                        acc += xi[a] * xj[a];
                    }
                    gram[i * s + j] = acc / n;
                    gram[j * s + i] = acc / n;
                }
            }
            PsdRoot.cholesky(gram, l, s);
        }
    }

    /** Per-chunk scratch space and samplers; never shared between threads. */
    private static final class Workspace {
        private final LayerSpec spec;
        private final ZigguratSampler.NormalizedGaussian normal;
        private final ContinuousDistribution.Sampler chiN;
        private final ContinuousDistribution.Sampler chiD;
        private final GramFactor factor;
        private final int n;
        private final int s;
        private final int d;
        private final double[] z;
        private final double[] p;
        private final double[] u;
        private final double[] w;

        Workspace(LayerSpec spec, UniformRandomProvider rng) {
            this.spec = spec;
            this.n = spec.width();
            this.s = spec.tokens();
            this.d = spec.headDim();
            this.normal = ZigguratSampler.NormalizedGaussian.of(rng);
            this.chiN = ChiSquaredDistribution.of(n).createSampler(rng);
            this.chiD = d == n ? chiN : ChiSquaredDistribution.of(d).createSampler(rng);
            this.factor = new GramFactor(spec, normal, rng);
            this.z = new double[s];
            this.p = new double[s];
            this.u = new double[s];
            this.w = new double[s];
        }

        /**
         * @param heads where to write each head's conditional variance {@code V_a} (from {@code offset}; null: not
         *     recorded)
         * @return one draw of {@code readout}
         */
        double draw(Readout readout, double[] heads, int offset) {
            double r = Math.sqrt(chiN.sample() / n);
            double[] l = factor.factor(r);
            double gamma11 = l[0] * l[0];
            double c = spec.scaling() == Scaling.SQRT && !Mutation.EXACT_SCORES_OVER_N.planted() ? 1.0 : 1.0 / Math.sqrt(d);
            double sum = 0;
            boolean sharedScores = Mutation.FINITE_SHARED_HEAD_SCORES.planted();
            for (int head = 0; head < spec.heads(); head++) {
                if (head == 0 || !sharedScores) {
                    double scoreScale = c * spec.sigmaQ() * spec.sigmaK() * Math.sqrt(gamma11 * chiD.sample() / d);
                    gaussian(z);
                    PsdRoot.lowerTimes(l, z, scoreScale, p, s);
                }
                if (readout != Readout.OUTPUT) {
                    return readout == Readout.SCORE_11 ? p[0] : p[1];
                }
                double valueScale = spec.sigmaV() * spec.sigmaO() * Math.sqrt(chiD.sample() / d);
                gaussian(z);
                PsdRoot.lowerTimes(l, z, valueScale, u, s);
                sum += Softmax.dot(p, u, s);
                if (heads != null) {
                    heads[offset + head] = valueScale * valueScale * gramQuadratic(l);
                }
            }
            return sum / (Mutation.HEADS_OVER_H.planted() ? spec.heads() : Math.sqrt(spec.heads()));
        }

        /** @return {@code wᵀΓw = |Lᵀw|²}, {@code w = softmax(p)} */
        private double gramQuadratic(double[] l) {
            Softmax.apply(p, w);
            double q = 0;
            for (int k = 0; k < s; k++) {
                double t = 0;
                for (int i = k; i < s; i++) {
                    t += l[i * s + k] * w[i];
                }
                q += t * t;
            }
            return q;
        }

        private void gaussian(double[] out) {
            for (int i = 0; i < out.length; i++) {
                out[i] = normal.sample();
            }
        }
    }
}
