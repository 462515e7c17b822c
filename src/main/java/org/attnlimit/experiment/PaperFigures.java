package org.attnlimit.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.LayerSpec;

/**
 * The plan of the paper's numerical section (Section 5, Appendix B) as {@code reproduce} runs it: which layers, at
 * which widths, with how many samples and which seeds, figure by figure. {@code report} renders what these studies
 * return; it decides none of it.
 */
public final class PaperFigures {
    /** Figure 2's width. */
    public static final int HISTOGRAM_WIDTH = 256;
    /** Figure 2a's seed (the two scalings draw from it and from it + 1). */
    public static final long SCORES_SEED = 21L;
    /** Figure 2b's seed. */
    public static final long HEADS_SEED = 22L;
    /** Figure 2b's head counts: few and many. */
    public static final int[] HEADS = {1, 256};
    /** The program of the sigmoid-attention figure (beyond the paper), its output and seed. */
    public static final Path SIGMOID_PROGRAM = Path.of("theory", "programs", "sigmoid-attention.netsor");
    public static final String SIGMOID_OUTPUT = "y";
    public static final long SIGMOID_SEED = 66L;

    private PaperFigures() {
    }

    /**
     * One width study: a figure's (a) densities, (b) KL and (c) KS/W1 panels.
     *
     * @param id the files' prefix ({@code fig1})
     * @param title the figure's title (CSV comment and report heading, never drawn into the image)
     * @param byHeads whether the ordered parameter is the head count H (Figure 3: n = 64 H) rather than the width
     * @param layers the layers, one per width
     * @param samples samples per trial
     * @param seed the study's seed
     */
    public record WidthPlan(String id, String title, boolean byHeads, List<LayerSpec> layers, int samples, long seed) {
        public WidthPlan {
            layers = List.copyOf(layers);
        }

        /** @return the x-axis label of the (b) and (c) panels */
        public String parameterLabel() {
            return byHeads ? "heads H (n = 64 H)" : "width n";
        }
    }

    /** @return Figures 1, 3, 4 and 5 in the paper's order (Figure 2 is {@link HistogramStudy}'s) */
    public static List<WidthPlan> widthStudies(ReproduceConfig cfg) {
        Activation clip = Activation.clip(100);
        int[] lowRank = java.util.Arrays.stream(cfg.lowRankHeads()).map(h -> 64 * h).toArray();
        return List.of(
                plan("fig1", "Figure 1: clip (c = 100), s = 4, H = 2", false, cfg.allWidths(),
                        w -> LayerSpec.paper(clip, w, 4, 2), cfg.samples(), 11L),
                plan("fig3", "Figure 3: low rank, d_h = 64, H = n/64", true, lowRank,
                        w -> LayerSpec.lowRank(clip, w, 4, 64), cfg.samples(), 33L),
                plan("fig4", "Figure 4: s = 10 tokens", false, cfg.widths(), w -> LayerSpec.paper(clip, w, 10, 2),
                        cfg.samples(), 44L),
                plan("fig5", "Figure 5: ReLU", false, cfg.widths(), w -> LayerSpec.paper(Activation.relu(), w, 4, 2),
                        cfg.reluSamples(), 55L));
    }

    /**
     * The sigmoid-attention figure's numbers, or why it was skipped.
     *
     * @param skipped null, or a one-line reason (no program file, no limit law)
     * @param method how the limit law was computed
     * @param limitVariance the limit's variance
     * @param points one per finished width
     */
    public record SigmoidStudy(String skipped, String method, double limitVariance, List<ProgramConvergence.Point> points) {
    }

    /** Runs the sigmoid-attention study at every width of {@code cfg} ({@link ProgramConvergence}). */
    public static SigmoidStudy sigmoid(ReproduceConfig cfg, java.util.function.Consumer<String> log) {
        if (!java.nio.file.Files.isRegularFile(SIGMOID_PROGRAM)) {
            return new SigmoidStudy(SIGMOID_PROGRAM + " not found (run from the repository root)", null, Double.NaN, List.of());
        }
        org.attnlimit.program.Program program = org.attnlimit.program.Program.read(SIGMOID_PROGRAM);
        org.attnlimit.limit.LawTable limit;
        try {
            limit = org.attnlimit.limit.LawTable.ofVector(program, SIGMOID_OUTPUT);
        } catch (IllegalArgumentException e) {
            return new SigmoidStudy(e.getMessage(), null, Double.NaN, List.of());
        }
        List<ProgramConvergence.Point> points = ProgramConvergence.run(program, SIGMOID_OUTPUT, limit, cfg.allWidths(),
                cfg.samples(), SIGMOID_SEED, cfg.threads(), cfg.cancellation(), log);
        return new SigmoidStudy(null, limit.description(), limit.law().variance().value(), points);
    }

    private static WidthPlan plan(String id, String title, boolean byHeads, int[] widths, IntFunction<LayerSpec> at,
            int samples, long seed) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int w : widths) {
            layers.add(at.apply(w));
        }
        return new WidthPlan(id, title, byHeads, layers, samples, seed);
    }
}
