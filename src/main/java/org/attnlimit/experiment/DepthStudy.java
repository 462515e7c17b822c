package org.attnlimit.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attnlimit.finite.GramSampler;
import org.attnlimit.program.Program;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.Moments;

/**
 * The paper's Section 6 prediction, measured: stacked attention blocks ({@code s} tokens, {@code H} heads,
 * centred Gaussian tokens {@code N(0, I)}) of depth {@code L = 1..maxDepth}, for three architectures — bare stacked
 * attention (no residual, no norm), pre-norm and post-norm blocks (rmsnorm, residual; the attention sub-block of a
 * Transformer, without its MLP, so that the network stays linear in its inputs given the scores) — the excess
 * kurtosis of coordinate 1 of token 1's output and the cosine {@code ⟨y_1, y_2⟩/(‖y_1‖‖y_2‖)} of two tokens'
 * outputs (rank collapse), at finite widths and in the limit.
 *
 * <p>Every sample is drawn by {@link GramSampler} (exact at width n, O(1) in n). The limit is its LIMIT mode,
 * the Wishart factors at their limits: a Monte Carlo sample of the conjectured hierarchy — conjecture (nested
 * conditioning, beyond Theorem 3.1) — with its own standard error. One realisation of the depth-{@code maxDepth}
 * network gives every depth's readout (a depth-L network is the first L blocks), so the points of one curve share
 * their draws (correlated across L).
 */
public final class DepthStudy {
    /** The architectures, as the options of the {@code block} statement. */
    public enum Architecture {
        /** Attention blocks without residual or norm. */
        STACKED("stacked attention (no residual, no norm)", "residual=no"),
        /** {@code h = x + a(rmsnorm(x))}. */
        PRE_NORM("pre-norm blocks (rmsnorm, residual)", "norm=pre"),
        /** {@code h = rmsnorm(x + a(x))}. */
        POST_NORM("post-norm blocks (rmsnorm, residual)", "norm=post");

        private final String label;
        private final String options;

        Architecture(String label, String options) {
            this.label = label;
            this.options = options;
        }

        /** @return a description for legends */
        public String label() {
            return label;
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
     * @param kurtosis excess kurtosis of {@code y_1} (coordinate 1 of token 1's output), with its SE
     * @param cosine mean of {@code cos(y_1, y_2)} over realisations, with its SE
     */
    public record Point(Architecture architecture, int depth, int width, int samples, double kurtosis, double kurtosisSe,
            double cosine, double cosineSe) {
    }

    private DepthStudy() {
    }

    /**
     * @param widths finite widths (each ≥ the sampler's minimum); the limit is added as width 0
     * @param samples realisations per (architecture, source)
     * @return the points, by architecture, then source (limit first), then depth
     */
    public static List<Point> run(int tokens, int heads, int maxDepth, int[] widths, int samples, long seed, int threads,
            Cancellation cancellation) {
        List<Point> out = new ArrayList<>();
        for (Architecture a : Architecture.values()) {
            Program p = Program.parse(a.program(tokens, heads, maxDepth));
            List<String> outputs = new ArrayList<>();
            for (int l = 1; l <= maxDepth; l++) {
                outputs.add("t" + l + "_1");
                outputs.add("cos(t" + l + "_1, t" + l + "_2)");
            }
            GramSampler g = GramSampler.of(p, outputs);
            int[] sources = new int[widths.length + 1];
            System.arraycopy(widths, 0, sources, 1, widths.length);
            for (int n : sources) {
                SampleStreams streams = new SampleStreams(seed + 7919L * n + 104729L * a.ordinal(), threads, cancellation);
                double[] x = n == 0 ? g.sample(1 << 20, GramSampler.Mode.LIMIT, samples, streams, null)
                        : g.sample(n, GramSampler.Mode.FINITE, samples, streams, null);
                int stride = outputs.size();
                int drawn = x.length / stride;
                if (drawn < 4) {
                    return out;
                }
                for (int l = 1; l <= maxDepth; l++) {
                    Moments y = Moments.of(column(x, stride, 2 * (l - 1), drawn));
                    Moments c = Moments.of(column(x, stride, 2 * (l - 1) + 1, drawn));
                    out.add(new Point(a, l, n, drawn, y.excessKurtosis(), y.excessKurtosisSe(), c.mean(),
                            Math.sqrt(c.variance() / drawn)));
                }
            }
        }
        return out;
    }

    private static double[] column(double[] x, int stride, int j, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            out[i] = x[i * stride + j];
        }
        return out;
    }
}
