package org.attnlimit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.experiment.HistogramStudy;
import org.attnlimit.limit.AttentionLimit;
import org.knowm.xchart.XYChart;

/**
 * Figures 2a (one score under both scalings) and 2b (few versus many heads: densities, log densities, tails),
 * rendered from {@link HistogramStudy}'s samples and limit curves: this class only bins samples for plotting and
 * writes the figures and CSVs.
 */
final class ReproduceReportHistograms {
    /** Bins of every histogram (and of the windows the study evaluates the limit curves on). */
    static final int BINS = 120;

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

    /**
     * Figure 2a: the score {@code p^1_{11}} at width n under {@code 1/√n} and {@code 1/n} scaling, with the
     * limit {@code N(0, σ_Q²σ_K²K_11²)} of the former (the latter tends to 0).
     */
    static void scores(Path dir, HistogramStudy.Scores s) {
        double[] centres = s.window().centres();
        double[] hs = histogram(s.sqrt(), s.window());
        double[] hl = histogram(s.linear(), s.window());
        XYChart c = Plots.chart("Figure 2a: score p_11 at n = " + s.width(), "p_11", "density");
        Plots.histogram(c, "1/sqrt(n) scaling", centres, hs);
        Plots.histogram(c, "1/n scaling", centres, hl);
        Plots.dashed(c, "limit N(0, sQ^2 sK^2 K11^2)", centres, s.limitPdf());
        Plots.save(c, dir.resolve("fig2a_scores"));
        Csv.write(dir.resolve("fig2a_scores.csv"), List.of("Figure 2a: score p_11 at n = " + s.width()
                + ", clip (c = 100), s = 4, H = 2", "samples: " + s.samples() + " per scaling",
                "seed: " + s.sqrtSeed() + " (1/sqrt(n) scaling), " + s.linearSeed() + " (1/n scaling)"),
                List.of("p11", "density_sqrt_scaling", "density_linear_scaling", "limit_pdf"),
                List.of(centres, hs, hl, s.limitPdf()));
    }

    /**
     * Figure 2b: the output at width n for each head count, with the limit densities and the infinite-head
     * Gaussian {@code N(0, E[V])} (Remark 3.2), on a linear axis ({@code fig2b_heads}) and on a log axis over
     * ±6 sd ({@code fig2b_heads_log}), where the tails the paper is about are visible; and the tails
     * ({@code fig2b_tails}, {@link #tails}).
     */
    static void heads(Path dir, HistogramStudy.Heads r) {
        int width = r.width();
        List<String> headers = new ArrayList<>(List.of("y"));
        List<double[]> columns = new ArrayList<>();
        List<String> logHeaders = new ArrayList<>(List.of("y"));
        List<double[]> logColumns = new ArrayList<>();
        XYChart c = Plots.chart("Figure 2b: output at n = " + width + ", few and many heads", "y", "density");
        XYChart log = Plots.chart("Figure 2b: output at n = " + width + ", log density", "y", "density (log scale)");
        log.getStyler().setYAxisLogarithmic(true);
        double[] centers = null;
        double[] logCenters = null;
        for (HistogramStudy.Head head : r.heads()) {
            int h = head.heads();
            centers = head.window().centres();
            double[] hist = histogram(head.sample(), head.window());
            Plots.histogram(c, "finite H=" + h, centers, hist);
            Plots.dashed(c, "limit H=" + h, centers, head.limitPdf());
            headers.add("density_H" + h);
            headers.add("limit_pdf_H" + h);
            columns.add(hist);
            columns.add(head.limitPdf());
            logCenters = head.wide().centres();
            double[] wide = histogram(head.sample(), head.wide());
            double[][] positive = positive(logCenters, wide);
            Plots.histogram(log, "finite H=" + h, positive[0], positive[1]);
            double[][] positivePdf = positive(logCenters, head.wideLimitPdf());
            Plots.dashed(log, "limit H=" + h, positivePdf[0], positivePdf[1]);
            logHeaders.add("density_H" + h);
            logHeaders.add("limit_pdf_H" + h);
            logColumns.add(wide);
            logColumns.add(head.wideLimitPdf());
        }
        Plots.line(c, "infinite-head Gaussian N(0, E[V])", centers, r.gaussian());
        double[][] positiveGauss = positive(logCenters, r.wideGaussian());
        Plots.line(log, "infinite-head Gaussian N(0, E[V])", positiveGauss[0], positiveGauss[1]);
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
        Plots.save(c, dir.resolve("fig2b_heads"));
        Csv.write(dir.resolve("fig2b_heads.csv"), provenance, headers, columns);
        Plots.save(log, dir.resolve("fig2b_heads_log"));
        Csv.write(dir.resolve("fig2b_heads_log.csv"), provenance, logHeaders, logColumns);
        tails(dir, width, r.samples(), r.tails());
    }

    /**
     * The tail plot of Remark 3.1: {@code P(|y| > t)} of the limit for H = 1, 2, 16 (by symmetry {@code 2(1 − F(t))},
     * F from {@link AttentionLimit#cdf}; points where it is below its error bounds are left out) against the
     * Gaussian of the same variance, with the empirical tail of the finite-width sample.
     */
    static void tails(Path dir, int width, int samples, HistogramStudy.Tails r) {
        double[] t = r.t();
        XYChart c = Plots.chart("Figure 2b: tails P(|y| > t) of the limit, clip (c = 100), s = 4", "t",
                "P(|y| > t) (log scale)");
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        List<String> headers = new ArrayList<>(List.of("t"));
        List<double[]> columns = new ArrayList<>(List.of(t));
        for (int k = 0; k < r.limitHeads().length; k++) {
            int h = r.limitHeads()[k];
            double[] tail = r.limitTails().get(k);
            double[][] shown = positive(t, tail);
            Plots.line(c, "limit H=" + h, shown[0], shown[1]);
            headers.add("limit_tail_H" + h);
            columns.add(tail);
        }
        Plots.dashed(c, "Gaussian N(0, E[V]), same variance", t, r.gaussianTail());
        headers.add("gaussian_tail");
        columns.add(r.gaussianTail());
        if (r.empiricalTail() != null) {
            double[][] shown = positive(t, r.empiricalTail());
            Plots.points(c, "finite n=" + width + ", H=" + r.sampleHeads(), shown[0], shown[1]);
            headers.add("finite_tail_H" + r.sampleHeads());
            columns.add(r.empiricalTail());
        }
        Plots.save(c, dir.resolve("fig2b_tails"));
        Csv.write(dir.resolve("fig2b_tails.csv"), List.of("Figure 2b tails: P(|y| > t) = 2(1 - F(t)) of the limit law "
                + "(AttentionLimit.cdf, quadrature; blank where below 4 error bounds) and of N(0, E[V]); clip (c = 100), s = 4",
                "finite-width curve: n = " + width + ", H = " + r.sampleHeads() + ", samples: " + samples + ", seed: "
                        + r.sampleSeed() + " (blank below 10 exceedances)"), headers, columns);
    }

    /** @return the points with a positive, finite y (a log axis cannot show the others) */
    private static double[][] positive(double[] x, double[] y) {
        int n = 0;
        for (double v : y) {
            if (v > 0 && Double.isFinite(v)) {
                n++;
            }
        }
        double[][] out = new double[2][n];
        int k = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0 && Double.isFinite(y[i])) {
                out[0][k] = x[i];
                out[1][k++] = y[i];
            }
        }
        return out;
    }
}
