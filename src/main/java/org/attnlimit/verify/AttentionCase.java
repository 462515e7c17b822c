package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.Example31Recogniser;
import org.attnlimit.program.Program;
import org.attnlimit.numerics.Softmax;
import org.attnlimit.numerics.PsdRoot;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.statistics.distribution.ChiSquaredDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.attnlimit.calculus.Activation;
import org.attnlimit.random.ParallelSampler;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Multi-head attention of Example 3.1 with {@code s} tokens, {@code H} heads, inputs
 * {@code x_j = a_j clip_c(h_j)} from independent initial vectors (token scales {@code a_j}, so that tokens
 * differ in norm as in a real sequence) and all {@code σ_W² = 1}; the suite's own sampler of the
 * finite-width output and of its limit.
 *
 * <p>Finite width, exactly: given the inputs, the rows {@code (k_{1α},…,k_{sα})} and
 * {@code (v_{1α},…,v_{sα})} of each head are iid {@code N(0, Ĝ_x)}, {@code Ĝ_x = x·xᵀ/n}, and given the
 * values, the output coordinates {@code y_α} are iid {@code N(0, V_n)} with
 * {@code V_n = H^{-1} Σ_a (s^a)ᵀ Ĝ_{v^a} s^a}, {@code s^a = softmax(p^a_{1·})}, {@code p^a_{1j} = n^{-1/2}⟨q^a_1, k^a_j⟩}.
 * So one draw of {@code V_n} gives the law of {@code y_1} and of {@code (1/n)Σ_α ψ(y_α)} exactly.
 * The head's scores and value Gram are drawn in {@code O(s²)} from their exact conditional laws given
 * {@code Ĝ_x} ({@code p = √(Ĝ_11 χ²_n/n)·L z}, {@code n Ĝ_v ~ Wishart_s(n, Ĝ_x)} by the Bartlett
 * decomposition, {@code LLᵀ = Ĝ_x}), so a draw costs the {@code O(s n)} of the inputs only.
 *
 * <p>Limit (Example 3.1, Appendix B.1): {@code E clip = 0} makes {@code K = κ diag(a_j²)},
 * {@code κ = E[clip_c(Z)²]}, so the {@code p̊^a_{1j}} are independent {@code N(0, K_11 K_jj)} and
 * {@code V = H^{-1} Σ_a Σ_j (s^a_j)² K_jj}; {@code Z^{y_1} | p̊ ~ N(0, V)}.
 *
 * @param tokens {@code s ≥ 2}
 * @param heads {@code H ≥ 1}
 * @param c the clip level
 * @param tokenScales {@code a_1..a_s}
 */
public record AttentionCase(int tokens, int heads, double c, double[] tokenScales) {

    /** Validates the sizes. */
    public AttentionCase {
        if (tokens < 2 || heads < 1 || !(c > 0) || tokenScales.length != tokens) {
            throw new InvalidInputException("need s >= 2, H >= 1, c > 0 and s token scales; got s=" + tokens
                    + ", H=" + heads + ", c=" + c);
        }
        tokenScales = tokenScales.clone();
    }

    /** The suite's standard layer: two tokens of scales 1 and 2, {@code clip_1}, {@code H} heads. */
    public static AttentionCase standard(int heads) {
        return new AttentionCase(2, heads, 1, new double[] {1, 2});
    }

    /**
     * The case of a program's output, as a view: Example 3.1's heads ({@link Example31Recogniser#layer}) with
     * all σ's 1 over tokens {@code x_j = clip_c(h_j)}, {@code h_j} centred, uncorrelated, of standard
     * deviations {@code a_j} (from the program's Definition 3.1 limit, {@link Example31Recogniser#tokenScales});
     * empty for any other program.
     */
    public static java.util.Optional<AttentionCase> of(Program program, String output) {
        java.util.Optional<Example31Recogniser.Layer> view = Example31Recogniser.layer(program, output);
        if (view.isEmpty()) {
            return java.util.Optional.empty();
        }
        Example31Recogniser.Layer a = view.get();
        if (a.phi().kind() != Activation.Kind.CLIP || a.tokens() < 2 || a.sigmaQ() != 1 || a.sigmaK() != 1
                || a.sigmaV() != 1 || a.sigmaO() != 1) {
            return java.util.Optional.empty();
        }
        return Example31Recogniser.tokenScales(program, a)
                .map(scales -> new AttentionCase(a.tokens(), a.heads(), a.phi().parameter(), scales));
    }

    @Override
    public double[] tokenScales() {
        return tokenScales.clone();
    }

    @Override
    public String toString() {
        return label();
    }

    /** @return {@code K_jj = κ a_j²} */
    double kernelDiagonal(int j) {
        return kappa() * tokenScales[j] * tokenScales[j];
    }

    /** @return {@code κ = E[clip_c(Z)²]} */
    public double kappa() {
        return InputKernel.clipSecondMoment(c);
    }

    /** @return a label for tables */
    public String label() {
        StringBuilder a = new StringBuilder();
        for (double v : tokenScales) {
            a.append(a.length() == 0 ? "" : ",").append(Activation.formatNumber(v));
        }
        return "s=" + tokens + ", H=" + heads + ", clip_" + Activation.formatNumber(c) + ", a=(" + a + ")";
    }

    /**
     * {@code E V = E[Σ_j s_j² K_jj]}, the variance of the limit and of the infinite-head Gaussian
     * (Remark 3.2). For {@code s = 2} a one-dimensional quadrature over
     * {@code D = p̊_11 − p̊_12 ~ N(0, K_11(K_11 + K_22))}, {@code s_1 = σ(D)}; otherwise {@code NaN} (not
     * needed by the suite).
     */
    public double meanV() {
        if (tokens != 2) {
            return Double.NaN;
        }
        double k1 = kernelDiagonal(0);
        double k2 = kernelDiagonal(1);
        double sd = Math.sqrt(k1 * (k1 + k2));
        GaussIntegrator legendre = new GaussIntegratorFactory().legendre(64, -12, 12);
        double[] cuts = {-12, -4, -1, 0, 1, 4, 12};
        double total = 0;
        for (int i = 0; i + 1 < cuts.length; i++) {
            double a = cuts[i];
            double b = cuts[i + 1];
            total += (b - a) / 24 * legendre.integrate(t -> {
                double z = a + (b - a) * (t + 12) / 24;
                double sig = 1 / (1 + Math.exp(-sd * z));
                return InputKernel.pdf(z) * (sig * sig * k1 + (1 - sig) * (1 - sig) * k2);
            });
        }
        return total;
    }

    /** @return {@code count} draws of the limit's conditional variance {@code V} */
    public double[] limitV(int count, ParallelSampler sampler) {
        double[] k = new double[tokens];
        for (int j = 0; j < tokens; j++) {
            k[j] = kernelDiagonal(j);
        }
        return sampler.sample(count, (rng, out, from, to) -> {
            ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
            double[] p = new double[tokens];
            for (int i = from; i < to; i++) {
                double v = 0;
                for (int a = 0; a < heads; a++) {
                    for (int j = 0; j < tokens; j++) {
                        p[j] = Math.sqrt(k[0] * k[j]) * g.sample();
                    }
                    double[] s = Softmax.weights(p);
                    for (int j = 0; j < tokens; j++) {
                        v += s[j] * s[j] * k[j];
                    }
                }
                out[i] = v / heads;
            }
        }, null);
    }

    /**
     * Draws at width {@code n}: row 0 holds {@code V_n} (the conditional variance of {@code y_α} given the
     * scores and values), row 1 holds {@code V(p_n) = H^{-1} Σ_a Σ_j (s^a_j)² K_jj}, the limit's conditional
     * variance evaluated at the finite-width scores {@code p_n} (the map {@code p ↦ E[ψ(Z, p)]} of
     * Section D.1.2 needs it).
     */
    public double[][] finiteDraws(int n, int count, ParallelSampler sampler) {
        double[] flat = sampler.sample(2 * count, (rng, out, from, to) -> {
            Finite f = new Finite(rng);
            for (int i = from; i < to; i += 2) {
                f.draw(n, out, i);
            }
        }, null);
        double[][] rows = new double[2][count];
        for (int i = 0; i < count; i++) {
            rows[0][i] = flat[2 * i];
            rows[1][i] = flat[2 * i + 1];
        }
        return rows;
    }

    /** Scratch space of one chunk. */
    private final class Finite {
        private final ZigguratSampler.NormalizedGaussian gauss;
        private final double[][] gram = new double[tokens][tokens];
        private final double[][] gramV = new double[tokens][tokens];
        private final double[][] factor = new double[tokens][tokens];
        private final double[] z = new double[tokens];
        private final double[] row = new double[tokens];
        private final double[] kRow = new double[tokens];
        private final double[] p = new double[tokens];

        private final double[][] bartlett = new double[tokens][tokens];
        private final double[][] lt = new double[tokens][tokens];
        private ContinuousDistribution.Sampler chiN;
        private ContinuousDistribution.Sampler[] chi;
        private final UniformRandomProvider rng;
        private int width = -1;

        Finite(UniformRandomProvider rng) {
            this.rng = rng;
            gauss = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        void draw(int n, double[] out, int at) {
            if (n != width) {
                width = n;
                chiN = ChiSquaredDistribution.of(n).createSampler(rng);
                chi = new ContinuousDistribution.Sampler[tokens];
                for (int i = 0; i < tokens; i++) {
                    chi[i] = ChiSquaredDistribution.of(n - i).createSampler(rng);
                }
            }
            clear(gram);
            for (int alpha = 0; alpha < n; alpha++) {
                for (int j = 0; j < tokens; j++) {
                    row[j] = tokenScales[j] * Math.max(-c, Math.min(c, gauss.sample()));
                }
                accumulate(gram, row);
            }
            scale(gram, 1.0 / n);
            PsdRoot.cholesky(gram, factor);
            double v = 0;
            double vLimit = 0;
            for (int a = 0; a < heads; a++) {
                // Scores: q_{1α} ~ N(0, Ĝ_11) iid (its matrix is used by no other vector here), and given q,
                // (Σ_α q_α k_{jα})_j ~ N(0, ‖q‖² Ĝ) with ‖q‖² = Ĝ_11 χ²_n; so p = √(Ĝ_11 χ²_n / n) L z.
                double qScale = Math.sqrt(gram[0][0] * chiN.sample() / n);
                correlatedRow(kRow);
                for (int j = 0; j < tokens; j++) {
                    p[j] = qScale * kRow[j];
                }
                // Values: v_α ~ N(0, Ĝ) iid, so Σ_α v_α v_αᵀ ~ Wishart_s(n, Ĝ) = L T Tᵀ Lᵀ, T the Bartlett
                // factor (T_ii² ~ χ²_{n−i}, i from 0; N(0,1) below the diagonal): O(s²) instead of O(n s).
                bartlettGram(n);
                double[] s = Softmax.weights(p);
                for (int j = 0; j < tokens; j++) {
                    for (int l = 0; l < tokens; l++) {
                        v += s[j] * gramV[j][l] * s[l];
                    }
                    vLimit += s[j] * s[j] * kernelDiagonal(j);
                }
            }
            out[at] = v / heads;
            out[at + 1] = vLimit / heads;
        }

        /** {@code gramV = L T Tᵀ Lᵀ / n}, the empirical Gram of {@code n} iid {@code N(0, Ĝ)} value rows. */
        private void bartlettGram(int n) {
            for (int i = 0; i < tokens; i++) {
                for (int j = 0; j < tokens; j++) {
                    bartlett[i][j] = j < i ? gauss.sample() : j == i ? Math.sqrt(chi[i].sample()) : 0;
                }
            }
            for (int i = 0; i < tokens; i++) {
                for (int j = 0; j < tokens; j++) {
                    lt[i][j] = 0;
                    for (int k = 0; k <= i; k++) {
                        lt[i][j] += factor[i][k] * bartlett[k][j];
                    }
                }
            }
            for (int i = 0; i < tokens; i++) {
                for (int j = 0; j < tokens; j++) {
                    double s = 0;
                    for (int k = 0; k < tokens; k++) {
                        s += lt[i][k] * lt[j][k];
                    }
                    gramV[i][j] = s / n;
                }
            }
        }

        private void correlatedRow(double[] out) {
            for (int j = 0; j < tokens; j++) {
                z[j] = gauss.sample();
            }
            for (int j = 0; j < tokens; j++) {
                double s = 0;
                for (int l = 0; l <= j; l++) {
                    s += factor[j][l] * z[l];
                }
                out[j] = s;
            }
        }

        private void accumulate(double[][] m, double[] x) {
            for (int j = 0; j < tokens; j++) {
                for (int l = 0; l < tokens; l++) {
                    m[j][l] += x[j] * x[l];
                }
            }
        }

        private void clear(double[][] m) {
            for (double[] r : m) {
                java.util.Arrays.fill(r, 0);
            }
        }

        private void scale(double[][] m, double f) {
            for (double[] r : m) {
                for (int l = 0; l < r.length; l++) {
                    r[l] *= f;
                }
            }
        }
    }
}
