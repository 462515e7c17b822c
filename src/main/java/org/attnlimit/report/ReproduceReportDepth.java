package org.attnlimit.report;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attnlimit.experiment.DepthStudy;
import org.attnlimit.experiment.ReproduceConfig;
import org.attnlimit.report.figure.Figure;
import org.attnlimit.report.figure.FigureWriter;
import org.attnlimit.report.figure.Palette;

/**
 * The paper's Section 6, measured (beyond the paper): {@code fig7_depth}, the excess kurtosis of one output
 * coordinate against depth, and {@code fig7_collapse}, the mean cosine of two tokens' outputs against depth (rank
 * collapse), for stacked attention, pre-norm and post-norm blocks ({@link DepthStudy}); the limit is the
 * conjecture (nested conditioning, beyond Theorem 3.1), sampled exactly by the Gram-level sampler with its Wishart
 * factors at their limits. Renders only; the numbers come from {@link DepthStudy}.
 */
final class ReproduceReportDepth {
    private static final int TOKENS = 4;
    private static final int HEADS = 2;
    private static final int MAX_DEPTH = 8;
    private static final int[] WIDTHS = {1024, 4096};
    private static final long SEED = 77L;
    /** Realisations per width of the blocks with an MLP (conditioning sampler, O(n) per statement) in a quick run. */
    private static final int MLP_SAMPLES_QUICK = 100;
    static final String CONJECTURE = "conjecture (nested conditioning, beyond Theorem 3.1)";

    private ReproduceReportDepth() {
    }

    static void run(Path out, ReproduceConfig cfg, StringBuilder md, PrintWriter log) {
        int samples = Math.max(1000, cfg.samples() / 5);
        int mlpSamples = Math.max(MLP_SAMPLES_QUICK, cfg.samples() / 50);
        long start = System.nanoTime();
        List<DepthStudy.Point> points = DepthStudy.run(TOKENS, HEADS, MAX_DEPTH, WIDTHS, samples, mlpSamples, SEED,
                cfg.threads(), cfg.cancellation());
        double seconds = (System.nanoTime() - start) / 1e9;
        int expected = DepthStudy.Architecture.values().length * (WIDTHS.length + 1) * MAX_DEPTH;
        if (points.size() < expected) {
            log.println("reproduce: the depth figures were interrupted; skipped");
            return;
        }
        log.println(String.format(Locale.ROOT, "reproduce: depth study (fig7) in %.1f s", seconds));
        List<String> provenance = List.of(
                "s = 4 tokens N(0, I), H = 2 heads, depth L = 1..8; limit = " + CONJECTURE,
                String.format(Locale.ROOT, "stacked: %d realisations per source by the Gram-level exact sampler"
                        + " (finite.GramSampler), its limit the same sampler with the Wishart factors at their limits",
                        samples),
                String.format(Locale.ROOT, "pre/post-norm: %d realisations per width by the Gaussian-conditioning sampler;"
                        + " limit = the nested-conditioning law (kurtosis from its moments, cosine E[C12/sqrt(C11 C22)],"
                        + " randomised QMC with 3-SE errors; shown SE = error/3)", mlpSamples),
                String.format(Locale.ROOT, "one depth-8 network gives every depth: points of one curve share draws; seed %d",
                        SEED),
                "architectures: stacked = block residual=no; pre = norm=pre, mlp=relu (rmsnorm, residual, MLP W2 relu(W1 .));"
                        + " post = norm=post, mlp=relu");
        figure(out, "fig7_depth", "excess kurtosis of y_1", points, true, provenance);
        figure(out, "fig7_collapse", "mean cos(y_1, y_2)", points, false, provenance);
        md.append("## Beyond the paper: depth (Section 6's prediction, measured)\n\n")
                .append(ReproduceReport.link("fig7_depth")).append("\n\n")
                .append(ReproduceReport.link("fig7_collapse")).append("\n\n")
                .append(String.format(Locale.ROOT, "s = %d tokens N(0, I), H = %d heads, depth L = 1..%d. Stacked attention:"
                        + " %d realisations per curve (Gram-level exact sampler; its limit with the Wishart factors at their"
                        + " limits). Pre- and post-norm Transformer blocks (attention, rmsnorm, residual, ReLU MLP): %d"
                        + " realisations per width (Gaussian-conditioning sampler), the limit by the nested-conditioning law."
                        + " Every limit is the %s. Excess kurtosis of coordinate 1 of token 1's output, and the mean cosine"
                        + " of tokens 1 and 2's outputs (rank collapse):%n%n", TOKENS, HEADS, MAX_DEPTH, samples, mlpSamples,
                        CONJECTURE))
                .append("| architecture | L | source | excess kurtosis ± SE | mean cos ± SE |\n|---|---|---|---|---|\n");
        for (DepthStudy.Point p : points) {
            if (p.depth() == 1 || p.depth() == 4 || p.depth() == MAX_DEPTH) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.3f ± %.3f | %.4f ± %.4f |%n", p.architecture().label(),
                        p.depth(), p.width() == 0 ? "limit (conjecture)" : "n = " + p.width(), p.kurtosis(), p.kurtosisSe(),
                        p.cosine(), p.cosineSe()));
            }
        }
        md.append("\nData: `fig7_depth.csv`, `fig7_collapse.csv`.\n\n");
    }

    private static void figure(Path out, String id, String yLabel, List<DepthStudy.Point> points, boolean kurtosis,
            List<String> provenance) {
        double[] depth = new double[MAX_DEPTH];
        for (int l = 0; l < MAX_DEPTH; l++) {
            depth[l] = l + 1;
        }
        List<String> comments = new ArrayList<>();
        comments.add((kurtosis ? "Figure 7 (depth): excess kurtosis of one output coordinate against depth"
                : "Figure 7 (collapse): mean cosine of two tokens' outputs against depth") + "; limit: " + CONJECTURE);
        comments.addAll(provenance);
        // the two widths' points are drawn 0.12 to either side of their depth, so that their error bars do not overlap
        double[] left = new double[MAX_DEPTH];
        double[] right = new double[MAX_DEPTH];
        for (int l = 0; l < MAX_DEPTH; l++) {
            left[l] = depth[l] - 0.12;
            right[l] = depth[l] + 0.12;
        }
        Figure.Builder b = Figure.builder("depth L", yLabel).comments(comments).column("depth", depth)
                .column("depth_n" + WIDTHS[0], left).column("depth_n" + WIDTHS[1], right).xTicks(depth)
                .legend(kurtosis ? Figure.Legend.ABOVE : Figure.Legend.SOUTH_EAST);   // the kurtosis curves fill the plot
        int colour = 0;
        for (DepthStudy.Architecture a : DepthStudy.Architecture.values()) {
            String key = a.name().toLowerCase(Locale.ROOT).replace("_norm", "");
            String shortName = key.equals("stacked") ? "stacked" : key + "-norm";
            int[] sources = {0, WIDTHS[0], WIDTHS[1]};
            for (int n : sources) {
                double[] v = new double[MAX_DEPTH];
                double[] se = new double[MAX_DEPTH];
                for (DepthStudy.Point p : points) {
                    if (p.architecture() == a && p.width() == n) {
                        v[p.depth() - 1] = kurtosis ? p.kurtosis() : p.cosine();
                        se[p.depth() - 1] = kurtosis ? p.kurtosisSe() : p.cosineSe();
                    }
                }
                String col = key + (n == 0 ? "_limit" : "_n" + n);
                b.column(col, v).column(col + "_se", se);
                if (n == 0) {
                    b.line(shortName + ": limit (conjecture)", "depth", col, Palette.qualitative(colour));
                } else {
                    b.errorBars(shortName + ": n = " + n + (n == WIDTHS[0] ? " (left)" : " (right)"), "depth_n" + n, col,
                            col + "_se", Palette.qualitative(colour));
                }
            }
            colour++;
        }
        FigureWriter.write(out, id, b.build());
    }
}
