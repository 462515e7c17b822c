package org.attnlimit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.experiment.HistogramStudy;
import org.attnlimit.report.figure.Figure;
import org.attnlimit.report.figure.FigureWriter;
import org.attnlimit.report.figure.Palette;

/**
 * Figures 2a (one score under both scalings) and 2b (few versus many heads: densities, log densities, tails),
 * rendered from {@link HistogramStudy}'s samples and limit curves: this class only bins samples for plotting and
 * writes the figures and CSVs.
 */
final class ReproduceReportHistograms {
    /** Bins of every histogram (and of the windows the study evaluates the limit curves on). */
    static final int BINS = 120;
    /** Fewest samples in a bin that the log-density figure draws (a count of k has relative error 1/√k). */
    static final int MIN_COUNT = 10;

    private ReproduceReportHistograms() {
    }

    /** @return the density histogram of {@code y} on the window's bins (densities, one per centre) */
    static double[] histogram(double[] y, HistogramStudy.Window window) {
        int bins = window.bins();
        double[] density = new double[bins];
        double w = (window.hi() - window.lo()) / bins;
        for (double v : y) {
            int i = (int) Math.floor((v - window.lo()) / w);
            if (i >= 0 && i < bins) {
                density[i] += 1.0 / (y.length * w);
            }
        }
        return density;
    }

    /** @return the density histogram with bins holding fewer than {@link #MIN_COUNT} samples blank (NaN) */
    static double[] shown(double[] y, HistogramStudy.Window window) {
        double[] density = histogram(y, window);
        double w = (window.hi() - window.lo()) / window.bins();
        for (int i = 0; i < density.length; i++) {
            if (Math.round(density[i] * y.length * w) < MIN_COUNT) {
                density[i] = Double.NaN;
            }
        }
        return density;
    }

    /**
     * Figure 2a: the score {@code p^1_{11}} at width n under {@code 1/√n} and {@code 1/n} scaling, with the
     * limit {@code N(0, σ_Q²σ_K²K_11²)} of the former (the latter tends to 0).
     */
    static void scores(Path dir, HistogramStudy.Scores s) {
        double[] centres = s.window().centres();
        double[] hs = histogram(s.sqrt(), s.window());
        double[] hl = histogram(s.linear(), s.window());
        Figure f = Figure.builder("score p11", "density")
                .comments(List.of("Figure 2a: score p_11 at n = " + s.width() + ", clip (c = 100), s = 4, H = 2",
                        "samples: " + s.samples() + " per scaling",
                        "seed: " + s.sqrtSeed() + " (1/sqrt(n) scaling), " + s.linearSeed() + " (1/n scaling)"))
                .columns(List.of("p11", "density_sqrt_scaling", "density_linear_scaling", "limit_pdf"),
                        List.of(centres, hs, hl, s.limitPdf()))
                .step("1/√n scaling", "p11", "density_sqrt_scaling", Palette.qualitative(0))
                .step("1/n scaling", "p11", "density_linear_scaling", Palette.qualitative(1))
                .limit("limit N(0, σ²), 1/√n", "p11", "limit_pdf")
                .build();
        FigureWriter.write(dir, "fig2a_scores", f);
    }

    /**
     * Figure 2b: the output at width n for each head count (sequential colours by H), with the limit densities
     * (dashed, in the head count's colour) and the infinite-head Gaussian {@code N(0, E[V])} (Remark 3.2, solid
     * black), on a linear axis ({@code fig2b_heads}) and on a log axis over ±6 sd ({@code fig2b_heads_log}, where an
     * empty bin is a gap, not a line), and the tails ({@code fig2b_tails}, {@link #tails}).
     */
    static void heads(Path dir, HistogramStudy.Heads r) {
        int width = r.width();
        List<String> headers = new ArrayList<>(List.of("y"));
        List<double[]> columns = new ArrayList<>();
        List<String> logHeaders = new ArrayList<>(List.of("y"));
        List<double[]> logColumns = new ArrayList<>();
        double[] centers = null;
        double[] logCenters = null;
        for (HistogramStudy.Head head : r.heads()) {
            int h = head.heads();
            centers = head.window().centres();
            headers.add("density_H" + h);
            headers.add("limit_pdf_H" + h);
            columns.add(histogram(head.sample(), head.window()));
            columns.add(head.limitPdf());
            logCenters = head.wide().centres();
            logHeaders.add("density_H" + h);
            logHeaders.add("limit_pdf_H" + h);
            logColumns.add(histogram(head.sample(), head.wide()));
            logColumns.add(head.wideLimitPdf());
        }
        List<double[]> shown = new ArrayList<>();
        for (HistogramStudy.Head head : r.heads()) {
            shown.add(shown(head.sample(), head.wide()));
        }
        headers.add("gaussian_infinite_heads");
        columns.add(0, centers);
        columns.add(r.gaussian());
        logHeaders.add("gaussian_infinite_heads");
        logColumns.add(0, logCenters);
        logColumns.add(r.wideGaussian());
        StringBuilder seeds = new StringBuilder("seed: ");
        for (HistogramStudy.Head head : r.heads()) {
            seeds.append(seeds.length() > 6 ? ", " : "").append(head.seed()).append(" (H = ").append(head.heads())
                    .append(')');
        }
        List<String> provenance = List.of("Figure 2b: output y_1 at n = " + width + ", clip (c = 100), s = 4",
                "samples: " + r.samples() + " per head count", seeds.toString(),
                "limit densities by AttentionLimit (quadrature, no sampling); bins: " + BINS);
        FigureWriter.write(dir, "fig2b_heads", headsFigure(r, provenance, headers, columns, false));
        for (int i = 0; i < r.heads().size(); i++) {
            logHeaders.add("shown_density_H" + r.heads().get(i).heads());
            logColumns.add(shown.get(i));
        }
        List<String> logProvenance = new ArrayList<>(provenance);
        logProvenance.add("shown_density_H*: the density where its bin holds at least " + MIN_COUNT + " samples "
                + "(relative error below 1/sqrt(" + MIN_COUNT + ") = 32%), blank elsewhere: what the log-scale figure draws");
        FigureWriter.write(dir, "fig2b_heads_log", headsFigure(r, logProvenance, logHeaders, logColumns, true));
        tails(dir, width, r.samples(), r.tails());
    }

    private static Figure headsFigure(HistogramStudy.Heads r, List<String> provenance, List<String> headers,
            List<double[]> columns, boolean log) {
        Figure.Builder f = Figure.builder("output y", log ? "density (log scale)" : "density").comments(provenance)
                .columns(headers, columns).legend(log ? Figure.Legend.SOUTH : Figure.Legend.ABOVE);
        if (log) {
            f.yLog();
        }
        int m = r.heads().size();
        for (int i = 0; i < m; i++) {
            int h = r.heads().get(i).heads();
            f.step("finite, H = " + h, "y", (log ? "shown_density_H" : "density_H") + h, Palette.sequential(i, m));
        }
        for (int i = 0; i < m; i++) {
            int h = r.heads().get(i).heads();
            f.dashed("limit, H = " + h, "y", "limit_pdf_H" + h, Palette.sequential(i, m));
        }
        f.limit("H → ∞: N(0, E[V])", "y", "gaussian_infinite_heads");
        return f.build();
    }

    /**
     * The tail plot of Remark 3.1: {@code P(|y| > t)} of the limit for H = 1, 2, 16 (by symmetry {@code 2(1 − F(t))},
     * F the limit's cdf by quadrature; points where it is below its error bounds are left out) against the Gaussian
     * of the same variance, with the empirical tail of the finite-width sample.
     */
    static void tails(Path dir, int width, int samples, HistogramStudy.Tails r) {
        double[] t = r.t();
        List<String> headers = new ArrayList<>(List.of("t"));
        List<double[]> columns = new ArrayList<>(List.of(t));
        for (int k = 0; k < r.limitHeads().length; k++) {
            headers.add("limit_tail_H" + r.limitHeads()[k]);
            columns.add(r.limitTails().get(k));
        }
        headers.add("gaussian_tail");
        columns.add(r.gaussianTail());
        if (r.empiricalTail() != null) {
            headers.add("finite_tail_H" + r.sampleHeads());
            columns.add(r.empiricalTail());
        }
        Figure.Builder f = Figure.builder("t", "P(|y| > t) (log scale)")
                .comments(List.of("Figure 2b tails: P(|y| > t) = 2(1 - F(t)) of the limit law "
                        + "(AttentionLimit.cdf, quadrature; blank where below 4 error bounds) and of N(0, E[V]); clip (c = 100), s = 4",
                        "finite-width curve: n = " + width + ", H = " + r.sampleHeads() + ", samples: " + samples + ", seed: "
                                + r.sampleSeed() + " (blank below 10 exceedances)"))
                .columns(headers, columns).yLog().legend(Figure.Legend.SOUTH_WEST);
        int m = r.limitHeads().length;
        for (int k = 0; k < m; k++) {
            int h = r.limitHeads()[k];
            f.line("limit, H = " + h, "t", "limit_tail_H" + h, Palette.sequential(k, m));
        }
        f.dashed("Gaussian N(0, E[V]), same variance", "t", "gaussian_tail", Palette.REFERENCE);
        if (r.empiricalTail() != null) {
            f.points("finite n = " + width + ", H = " + r.sampleHeads(), "t", "finite_tail_H" + r.sampleHeads(),
                    Palette.qualitative(1));
        }
        FigureWriter.write(dir, "fig2b_tails", f.build());
    }
}
