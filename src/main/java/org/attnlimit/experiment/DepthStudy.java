package org.attnlimit.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attnlimit.finite.GramSampler;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.nested.NestedLaw;
import org.attnlimit.program.Program;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.Moments;

/**
 * The paper's Section 6 prediction, measured: stacked attention blocks ({@code s} tokens, {@code H} heads,
 * centred Gaussian tokens {@code N(0, I)}) of depth {@code L = 1..maxDepth}, for three architectures — bare stacked
 * attention (no residual, no norm), pre-norm and post-norm Transformer blocks (multi-head attention, rmsnorm,
 * residual and a ReLU MLP {@code W₂ relu(W₁ ·)}) — the excess kurtosis of coordinate 1 of token 1's output and the
 * cosine {@code ⟨y_1, y_2⟩/(‖y_1‖‖y_2‖)} of two tokens' outputs (rank collapse), at finite widths and in the limit.
 *
 * <p>Stacked attention is linear in its inputs given the scores: every sample is drawn by {@link GramSampler}
 * (exact at width n, O(1) in n), and its limit by the same sampler's LIMIT mode (the Wishart factors at their
 * limits: a Monte Carlo sample of the conjectured hierarchy). The Transformer blocks' MLP is not linear: their
 * finite-width samples come from the Gaussian-conditioning sampler (exact, O(n) per statement; fewer
 * realisations), and their limit from the nested-conditioning law ({@link NestedLaw}: the kurtosis from its
 * moments, the cosine as {@code E[C_12(p̊)/√(C_11(p̊) C_22(p̊))]}, both by randomised QMC with errors). Every limit
 * is the conjecture (nested conditioning, beyond Theorem 3.1). One realisation of the depth-{@code maxDepth}
 * network gives every depth's readout (a depth-L network is the first L blocks), so the points of one curve share
 * their draws (correlated across L).
 */
public final class DepthStudy {
    /** The architectures, as the options of the {@code block} statement. */
    public enum Architecture {
        /** Attention blocks without residual or norm. */
        STACKED("stacked attention (no residual, no norm)", "residual=no", false),
        /** {@code h = x + a(rmsnorm(x))}, {@code y = h + W₂ relu(W₁ rmsnorm(h))}. */
        PRE_NORM("pre-norm Transformer blocks (rmsnorm, residual, ReLU MLP)", "norm=pre, mlp=relu", true),
        /** {@code h = rmsnorm(x + a(x))}, {@code y = rmsnorm(h + W₂ relu(W₁ h))}. */
        POST_NORM("post-norm Transformer blocks (rmsnorm, residual, ReLU MLP)", "norm=post, mlp=relu", true);

        private final String label;
        private final String options;
        private final boolean mlp;

        Architecture(String label, String options, boolean mlp) {
            this.label = label;
            this.options = options;
            this.mlp = mlp;
        }

        /** @return a description for legends */
        public String label() {
            return label;
        }

        /** @return whether the blocks have an MLP (then the conditioning sampler and the nested law are used) */
        public boolean mlp() {
            return mlp;
        }

        /** @return the {@code .netsor} text of the depth-{@code depth} network */
        public String program(int tokens, int heads, int depth) {
            StringBuilder b = new StringBuilder("beyond theorem\n");
            for (int j = 1; j <= tokens; j++) {
                b.append("input t0_").append(j).append(" ~ N(0, 1)\n");
            }
            b.append(String.format(Locale.ROOT, "for l in 1..%d: block b{l}: t{l-1}_ -> t{l}_; tokens=%d, heads=%d, %s%n",
                    depth, tokens, heads, options));
            return b.toString();
        }
    }

    /**
     * One point: an architecture at depth L from one source ({@code width = 0} for the limit).
     *
     * @param samples realisations (finite width, or the Gram sampler's limit), or quasi-Monte Carlo points of the
     *     nested law's integral (the limit of blocks with an MLP)
     * @param kurtosis excess kurtosis of {@code y_1} (coordinate 1 of token 1's output), with its SE
     * @param cosine mean of {@code cos(y_1, y_2)} over realisations, with its SE
     */
    public record Point(Architecture architecture, int depth, int width, int samples, double kurtosis, double kurtosisSe,
            double cosine, double cosineSe) {
    }

    /** Relative error asked of the nested law's moments (3 standard errors), and its time budget. */
    static final double LIMIT_TOL = 1e-2;
    static final double LIMIT_BUDGET_SECONDS = 20;

    private DepthStudy() {
    }

    /**
     * @param widths finite widths (each ≥ the sampler's minimum); the limit is added as width 0
     * @param samples realisations per (architecture, source) drawn by the Gram-level sampler
     * @param mlpSamples realisations per width of the blocks with an MLP (Gaussian-conditioning sampler, O(n) per
     *     statement), and the quasi-Monte Carlo points per shift of their limit cosine
     * @return the points, by architecture, then source (limit first), then depth
     */
    public static List<Point> run(int tokens, int heads, int maxDepth, int[] widths, int samples, int mlpSamples, long seed,
            int threads, Cancellation cancellation) {
        List<Point> out = new ArrayList<>();
        for (Architecture a : Architecture.values()) {
            Program p = Program.parse(a.program(tokens, heads, maxDepth));
            int[] sources = new int[widths.length + 1];
            System.arraycopy(widths, 0, sources, 1, widths.length);
            if (a.mlp()) {
                if (!withMlp(a, p, maxDepth, sources, mlpSamples, seed, threads, cancellation, out)) {
                    return out;
                }
                continue;
            }
            List<String> outputs = new ArrayList<>();
            for (int l = 1; l <= maxDepth; l++) {
                outputs.add("t" + l + "_1");
                outputs.add("cos(t" + l + "_1, t" + l + "_2)");
            }
            GramSampler g = GramSampler.of(p, outputs);
            for (int n : sources) {
                SampleStreams streams = new SampleStreams(seed + 7919L * n + 104729L * a.ordinal(), threads, cancellation);
                double[] x = n == 0 ? g.sample(1 << 20, GramSampler.Mode.LIMIT, samples, streams, null)
                        : g.sample(n, GramSampler.Mode.FINITE, samples, streams, null);
                if (!addPoints(a, n, x, 2 * maxDepth, maxDepth, out)) {
                    return out;
                }
            }
        }
        return out;
    }

    /** The blocks with an MLP: the nested law in the limit, the conditioning sampler at finite width. */
    private static boolean withMlp(Architecture a, Program p, int maxDepth, int[] sources, int samples, long seed, int threads,
            Cancellation cancellation, List<Point> out) {
        for (int n : sources) {
            if (cancellation != null && cancellation.isCancelled()) {
                return false;
            }
            if (n == 0) {
                List<String> outputs = new ArrayList<>();
                List<String[]> pairs = new ArrayList<>();
                for (int l = 1; l <= maxDepth; l++) {
                    outputs.add("t" + l + "_1");
                    pairs.add(new String[] {"t" + l + "_1", "t" + l + "_2"});
                }
                NestedLaw law = NestedLaw.of(p, outputs, LIMIT_TOL, LIMIT_BUDGET_SECONDS, threads);
                Estimate[] cos = law.cosines(pairs, samples);
                for (int l = 1; l <= maxDepth; l++) {
                    Estimate k = law.law("t" + l + "_1").excessKurtosis();
                    out.add(new Point(a, l, 0, (int) Math.min(Integer.MAX_VALUE, law.points()), k.value(), k.error() / 3,
                            cos[l - 1].value(), cos[l - 1].error() / 3));
                }
                continue;
            }
            ProgramSimulator sim = ProgramSimulator.of(p, ProgramSimulator.Method.EXACT);
            SampleStreams streams = new SampleStreams(seed + 7919L * n + 104729L * a.ordinal(), threads, cancellation);
            final int width = n;
            double[] x = streams.sample(samples, 2 * maxDepth, (rng, row, offset) -> {
                ProgramSimulator.Realization z = sim.simulate(width, rng);
                for (int l = 1; l <= maxDepth; l++) {
                    double[] y1 = z.vector("t" + l + "_1");
                    double[] y2 = z.vector("t" + l + "_2");
                    row[offset + 2 * (l - 1)] = y1[0];
                    row[offset + 2 * (l - 1) + 1] = dot(y1, y2) / Math.sqrt(dot(y1, y1) * dot(y2, y2));
                }
            }, null);
            if (!addPoints(a, n, x, 2 * maxDepth, maxDepth, out)) {
                return false;
            }
        }
        return true;
    }

    /** Adds one point per depth from realisation-major rows {@code (y_1, cos)} per depth; false if too few rows. */
    private static boolean addPoints(Architecture a, int n, double[] x, int stride, int maxDepth, List<Point> out) {
        int drawn = x.length / stride;
        if (drawn < 4) {
            return false;
        }
        for (int l = 1; l <= maxDepth; l++) {
            Moments y = Moments.of(column(x, stride, 2 * (l - 1), drawn));
            Moments c = Moments.of(column(x, stride, 2 * (l - 1) + 1, drawn));
            out.add(new Point(a, l, n, drawn, y.excessKurtosis(), y.excessKurtosisSe(), c.mean(),
                    Math.sqrt(c.variance() / drawn)));
        }
        return true;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[] column(double[] x, int stride, int j, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = x[i * stride + j];
        }
        return out;
    }
}
