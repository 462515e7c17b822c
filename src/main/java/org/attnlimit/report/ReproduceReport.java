package org.attnlimit.report;

import org.attnlimit.experiment.HistogramStudy;
import org.attnlimit.experiment.PaperFigures;
import org.attnlimit.experiment.ReproduceConfig;
import org.attnlimit.experiment.WidthStudy;
import org.attnlimit.experiment.WidthSummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attnlimit.stats.PowerLawFit;

/**
 * Regenerates the numerical section of the paper (Section 5, Appendix B: Figures 1–5) with the exact
 * sampler, adds KS and W1 beside the paper's KDE-KL with their noise floors, extends Figure 1 to
 * larger widths and measures the convergence rate; writes PDF + PNG + pgfplots + CSV per figure
 * ({@link org.attnlimit.report.figure.FigureWriter}) and {@code report.md} linking them. The plan (layers, widths,
 * sizes, seeds) is {@link PaperFigures}'; this class only renders what the studies return.
 */
public final class ReproduceReport {
    private final ReproduceConfig cfg;
    private final Path out;
    private final PrintWriter log;
    private final StringBuilder md = new StringBuilder();
    private boolean complete = true;

    private ReproduceReport(ReproduceConfig cfg, Path out, PrintWriter log) {
        this.cfg = cfg;
        this.out = out;
        this.log = log;
    }

    /**
     * @param complete false if interrupted (the report then covers what was finished)
     * @param seconds wall time
     */
    public record Outcome(Path report, boolean complete, double seconds) {
    }

    /** Runs everything into {@code out}. */
    public static Outcome run(ReproduceConfig cfg, Path out, PrintWriter log) {
        return new ReproduceReport(cfg, out, log).run();
    }

    private Outcome run() {
        long start = System.nanoTime();
        AtomicFiles.createDirectories(out);
        md.append("# Reproducing the numerical section of the paper\n\n")
                .append(String.format(Locale.ROOT, "Sizes: %d trials per width, %d samples per trial (%d for ReLU); "
                        + "paper widths %s, extended widths %s. Finite-width samples come from the exact reduced sampler "
                        + "(equal in law to the dense network of Appendix B; see `theory/exact-sampler.md`), the limit from "
                        + "`AttentionLimit`. Every distance is shown beside its noise floor: the same estimator applied to "
                        + "a second limit sample of the same size. The KL is the paper's estimator: Scott-bandwidth Gaussian KDEs "
                        + "of the finite-width and the limit sample, plus 1e-12, evaluated on one grid per figure "
                        + "(500 points spanning all its finite-width and limit samples), as a discrete relative entropy.%n%n", cfg.seeds(), cfg.samples(), cfg.reluSamples(),
                        java.util.Arrays.toString(cfg.widths()), java.util.Arrays.toString(cfg.extendedWidths())))
                .append("Every figure comes as a vector PDF (its font embedded), a 300 dpi PNG, a pgfplots `.tex` that "
                        + "reads the CSV (`\\input` it after `\\usepackage{pgfplots}` and `\\usepgfplotslibrary{fillbetween}`; "
                        + "set `\\attnlimitfigdata` to this directory), and the CSV itself, whose `#` lines give the title, "
                        + "sample sizes and seeds. Colours follow the ordered parameter (n or H, dark to light); the limit is "
                        + "solid black.\n\n");
        List<PaperFigures.WidthPlan> plans = PaperFigures.widthStudies(cfg);
        for (int i = 0; i < plans.size() && !cancelled(); i++) {
            widthStudy(plans.get(i));
            if (i == 0 && !cancelled()) {
                histograms();
            }
        }
        if (!cancelled()) {
            ReproduceReportRate.run(out, cfg, md, log);
        }
        if (!cancelled()) {
            ReproduceReportProgram.run(out, cfg, md, log);
        }
        if (!cancelled()) {
            ReproduceReportDepth.run(out, cfg, md, log);
        }
        if (!complete || cancelled()) {
            complete = false;
            md.append("\n**Interrupted:** the figures above cover what was finished before Ctrl-C.\n");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        md.append(String.format(Locale.ROOT, "%nWall time: %.1f s on %d threads.%n", seconds, cfg.threads()));
        Path report = out.resolve("report.md");
        AtomicFiles.writeString(report, md);
        return new Outcome(report, complete, seconds);
    }

    private boolean cancelled() {
        return cfg.cancellation().isCancelled();
    }

    private void widthStudy(PaperFigures.WidthPlan plan) {
        String id = plan.id();
        String title = plan.title();
        int samples = plan.samples();
        long seed = plan.seed();
        WidthStudy.Result r = WidthStudy.run(id, plan.layers(), samples, cfg.seeds(), seed, cfg.threads(),
                cfg.cancellation(), log);
        complete &= r.complete();
        if (r.trials().isEmpty()) {
            return;
        }
        List<String> provenance = List.of(title, String.format(Locale.ROOT, "samples: %d per trial and width (the finite-width "
                + "sample and each of the two limit samples); trials: %d", samples, cfg.seeds()), String.format(Locale.ROOT,
                "seed: %d; trial t at width n draws the finite width from seed %d + 1000003 n + 101 t, the limit samples "
                + "from that seed + 1 and + 2", seed, seed));
        ReproduceReportFigures.densities(out, id + "a_densities",
                WidthSummary.densities(r, i -> WidthSummary.label(r, i, plan.byHeads())), provenance);
        List<WidthSummary.Summary> s = WidthSummary.summarise(r);
        ReproduceReportFigures.klVersusWidth(out, id + "b_kl", plan.parameterLabel(), r, s, plan.byHeads(), provenance);
        ReproduceReportFigures.distances(out, id + "c_ks_w1", s, provenance);
        md.append("## ").append(title).append("\n\n")
                .append(link(id + "a_densities")).append(' ').append(link(id + "b_kl")).append(' ')
                .append(link(id + "c_ks_w1")).append("\n\n")
                .append("| n | H | trials | mean log KL ± sd | mean log KL floor | KS | KS floor | W1 | W1 floor |\n")
                .append("|---|---|---|---|---|---|---|---|---|\n");
        for (WidthSummary.Summary x : s) {
            md.append(String.format(Locale.ROOT, "| %d | %d | %d | %.3f ± %.3f | %.3f | %.2e | %.2e | %.2e | %.2e |%n",
                    x.width(), x.heads(), x.trials(), x.meanLogKl(), x.sdLogKl(), x.meanLogFloorKl(), x.meanKs(), x.floorKs(),
                    x.meanW1(), x.floorW1()));
        }
        md.append("\nData: `").append(id).append("b_kl.csv` (every trial; the plotted means in `").append(id)
                .append("b_kl_summary.csv`), `").append(id).append("a_densities.csv`, `").append(id)
                .append("c_ks_w1.csv`.\n\n");
        WidthSummary.Rate rate = WidthSummary.resolvedRate(r, s);
        if (rate.fit() != null) {
            PowerLawFit fit = rate.fit();
            md.append(String.format(Locale.ROOT, "KS resolved above twice its floor at n ∈ %s only; fitted "
                    + "KS ∝ n^b with b = %.2f (95%% CI [%.2f, %.2f]); beyond that the sample distances sit at the floor.%n%n",
                    rate.resolved(), fit.slope(), fit.slopeInterval().lower(), fit.slopeInterval().upper()));
        } else {
            md.append("KS is resolved above twice its floor at fewer than two widths: no rate from sample distances.\n\n");
        }
    }

    private void histograms() {
        int n = PaperFigures.HISTOGRAM_WIDTH;
        HistogramStudy.Scores scores = HistogramStudy.scores(n, cfg.samples(), PaperFigures.SCORES_SEED, ReproduceReportHistograms.BINS,
                cfg.threads(), cfg.cancellation());
        ReproduceReportHistograms.scores(out, scores);
        md.append("## Figure 2a: one score under both scalings (n = 256)\n\n").append(link("fig2a_scores")).append("\n\n")
                .append(String.format(Locale.ROOT, "Sample sd of p_11: %.4f with 1/√n scaling (limit %.4f), %.4f with 1/n "
                        + "scaling (tends to 0 like n^{-1/2}).%n%nData: `fig2a_scores.csv`.%n%n", scores.sdSqrt(), scores.limitSd(),
                        scores.sdLinear()));
        HistogramStudy.Heads heads = HistogramStudy.heads(n, PaperFigures.HEADS, cfg.samples(), PaperFigures.HEADS_SEED,
                ReproduceReportHistograms.BINS, cfg.threads(), cfg.cancellation());
        ReproduceReportHistograms.heads(out, heads);
        md.append("## Figure 2b: few and many heads (n = 256)\n\n").append(link("fig2b_heads")).append("\n\n")
                .append("| H | excess kurtosis (finite) | excess kurtosis (limit) |\n|---|---|---|\n");
        for (HistogramStudy.Head h : heads.heads()) {
            md.append(String.format(Locale.ROOT, "| %d | %.4f | %.4f |%n", h.heads(), h.excessKurtosis(),
                    h.limitExcessKurtosis()));
        }
        md.append("\nAs H grows the limit approaches the infinite-head Gaussian N(0, E[V]) (Remark 3.2). "
                + "Data: `fig2b_heads.csv`.\n\n")
                .append("On a log axis the tails show: the limit for H = 1 is heavier-tailed than the Gaussian of the same "
                        + "variance, and H = 256 is close to it.\n\n").append(link("fig2b_heads_log")).append("\n\n")
                .append("The tail P(|y| > t) of the limit for H = 1, 2, 16 against the Gaussian N(0, E[V]) of the same "
                        + "variance (Remarks 3.1-3.2), with the finite-width H = 1 sample: the excess over the Gaussian "
                        + "shrinks as H grows.\n\n").append(link("fig2b_tails"))
                .append(" Data: `fig2b_heads_log.csv`, `fig2b_tails.csv`.\n\n");
    }

    static String link(String base) {
        return "![" + base + "](" + base + ".png) ([pdf](" + base + ".pdf), [pgfplots](" + base + ".tex))";
    }
}
