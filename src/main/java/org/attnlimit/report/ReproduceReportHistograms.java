package org.attnlimit.report;

import org.attnlimit.random.Cancellation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.LayerLimit;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.finite.Readout;
import org.attnlimit.finite.Scaling;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.random.ParallelSampler;
import org.knowm.xchart.XYChart;

/** Figures 2a (one score under both scalings) and 2b (few versus many heads: densities, log densities, tails). */
final class ReproduceReportHistograms {
    private static final int BINS = 120;

    private ReproduceReportHistograms() {
    }

    /** @return a density histogram of {@code y} on {@code BINS} equal bins of [lo, hi] (centres, densities) */
    static double[][] histogram(double[] y, double lo, double hi) {
        double[] centers = new double[BINS];
        double[] density = new double[BINS];
        double w = (hi - lo) / BINS;
        for (int i = 0; i < BINS; i++) {
            centers[i] = lo + (i + 0.5) * w;
        }
        for (double v : y) {
            int i = (int) Math.floor((v - lo) / w);
            if (i >= 0 && i < BINS) {
                density[i] += 1.0 / (y.length * w);
            }
        }
        return new double[][] {centers, density};
    }

    /**
     * Figure 2a: the score {@code p^1_{11}} at width n under {@code 1/√n} and {@code 1/n} scaling, with the
     * limit {@code N(0, σ_Q²σ_K²K_11²)} of the former (the latter tends to 0).
     *
     * @return the sample standard deviations (√ scaling, linear scaling) and the limit's
     */
    static double[] scores(Path dir, int width, int samples, long seed, int threads, Cancellation cancel) {
        LayerSpec layer = LayerSpec.paper(Activation.clip(100), width, 4, 2);
        LimitReference limit = LayerLimit.reference(layer, seed);
        double[] sqrt = ExactAttentionSampler.of(layer).sample(samples, Readout.SCORE_11,
                new ParallelSampler(seed, 1024, threads, cancel), null);
        double[] linear = ExactAttentionSampler.of(layer.withScaling(Scaling.LINEAR)).sample(samples, Readout.SCORE_11,
                new ParallelSampler(seed + 1, 1024, threads, cancel), null);
        double sd = Math.sqrt(limit.scoreVariance());
        double[][] hs = histogram(sqrt, -4 * sd, 4 * sd);
        double[][] hl = histogram(linear, -4 * sd, 4 * sd);
        double[] pdf = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            double z = hs[0][i] / sd;
            pdf[i] = Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
        }
        XYChart c = Plots.chart("Figure 2a: score p_11 at n = " + width, "p_11", "density");
        Plots.histogram(c, "1/sqrt(n) scaling", hs[0], hs[1]);
        Plots.histogram(c, "1/n scaling", hl[0], hl[1]);
        Plots.dashed(c, "limit N(0, sQ^2 sK^2 K11^2)", hs[0], pdf);
        Plots.save(c, dir.resolve("fig2a_scores"));
        Csv.write(dir.resolve("fig2a_scores.csv"), List.of("Figure 2a: score p_11 at n = " + width
                + ", clip (c = 100), s = 4, H = 2", "samples: " + samples + " per scaling",
                "seed: " + seed + " (1/sqrt(n) scaling), " + (seed + 1) + " (1/n scaling)"), List.of("p11", "density_sqrt_scaling", "density_linear_scaling",
                "limit_pdf"), List.of(hs[0], hs[1], hl[1], pdf));
        return new double[] {sd(sqrt), sd(linear), sd};
    }

    /**
     * Figure 2b: the output at width n for each head count, with the limit densities and the infinite-head
     * Gaussian {@code N(0, E[V])} (Remark 3.2), on a linear axis ({@code fig2b_heads}) and on a log axis over
     * ±6 sd ({@code fig2b_heads_log}), where the tails the paper is about are visible; and the tail
     * {@code P(|y| > t) = 2(1 − F(t))} of the limit for {@code H = 1, 2, 16} against the Gaussian of the same
     * variance, which is the same for every H (Remarks 3.1–3.2), from {@link AttentionLimit#cdf}
     * ({@code fig2b_tails}).
     *
     * @return per head count: sample excess kurtosis and the limit's
     */
    static List<double[]> heads(Path dir, int width, int[] headCounts, int samples, long seed, int threads,
            Cancellation cancel) {
        List<String> headers = new ArrayList<>(List.of("y"));
        List<double[]> columns = new ArrayList<>();
        List<String> logHeaders = new ArrayList<>(List.of("y"));
        List<double[]> logColumns = new ArrayList<>();
        List<double[]> kurtosis = new ArrayList<>();
        XYChart c = Plots.chart("Figure 2b: output at n = " + width + ", few and many heads", "y", "density");
        XYChart log = Plots.chart("Figure 2b: output at n = " + width + ", log density", "y", "density (log scale)");
        log.getStyler().setYAxisLogarithmic(true);
        double[] centers = null;
        double[] logCenters = null;
        double variance = Double.NaN;
        double[] firstSample = null;
        int firstHeads = 0;
        for (int h : headCounts) {
            LayerSpec layer = LayerSpec.paper(Activation.clip(100), width, 4, h);
            LimitReference limit = LayerLimit.reference(layer, seed);
            double[] y = ExactAttentionSampler.of(layer).sample(samples, new ParallelSampler(seed + h, 1024, threads, cancel));
            if (firstSample == null) {
                firstSample = y;
                firstHeads = h;
            }
            variance = limit.variance();
            double sd = Math.sqrt(variance);
            double[][] hist = histogram(y, -4 * sd, 4 * sd);
            centers = hist[0];
            double[] pdf = new double[BINS];
            for (int i = 0; i < BINS; i++) {
                pdf[i] = limit.table().pdf(centers[i]);
            }
            Plots.histogram(c, "finite H=" + h, centers, hist[1]);
            Plots.dashed(c, "limit H=" + h, centers, pdf);
            headers.add("density_H" + h);
            headers.add("limit_pdf_H" + h);
            columns.add(hist[1]);
            columns.add(pdf);
            double[][] wide = histogram(y, -6 * sd, 6 * sd);
            logCenters = wide[0];
            double[] widePdf = new double[BINS];
            for (int i = 0; i < BINS; i++) {
                widePdf[i] = limit.table().pdf(logCenters[i]);
            }
            double[][] positive = positive(wide[0], wide[1]);
            Plots.histogram(log, "finite H=" + h, positive[0], positive[1]);
            double[][] positivePdf = positive(logCenters, widePdf);
            Plots.dashed(log, "limit H=" + h, positivePdf[0], positivePdf[1]);
            logHeaders.add("density_H" + h);
            logHeaders.add("limit_pdf_H" + h);
            logColumns.add(wide[1]);
            logColumns.add(widePdf);
            kurtosis.add(new double[] {h, org.attnlimit.stats.Moments.of(y).excessKurtosis(), limit.excessKurtosis()});
        }
        double[] gauss = gaussian(centers, variance);
        Plots.line(c, "infinite-head Gaussian N(0, E[V])", centers, gauss);
        double[] logGauss = gaussian(logCenters, variance);
        double[][] positiveGauss = positive(logCenters, logGauss);
        Plots.line(log, "infinite-head Gaussian N(0, E[V])", positiveGauss[0], positiveGauss[1]);
        headers.add("gaussian_infinite_heads");
        columns.add(0, centers);
        columns.add(gauss);
        logHeaders.add("gaussian_infinite_heads");
        logColumns.add(0, logCenters);
        logColumns.add(logGauss);
        StringBuilder seeds = new StringBuilder("seed: ");
        for (int h : headCounts) {
            seeds.append(seeds.length() > 6 ? ", " : "").append(seed + h).append(" (H = ").append(h).append(')');
        }
        List<String> provenance = List.of("Figure 2b: output y_1 at n = " + width + ", clip (c = 100), s = 4",
                "samples: " + samples + " per head count", seeds.toString(),
                "limit densities by AttentionLimit (quadrature, no sampling); bins: " + BINS);
        Plots.save(c, dir.resolve("fig2b_heads"));
        Csv.write(dir.resolve("fig2b_heads.csv"), provenance, headers, columns);
        Plots.save(log, dir.resolve("fig2b_heads_log"));
        Csv.write(dir.resolve("fig2b_heads_log.csv"), provenance, logHeaders, logColumns);
        tails(dir, width, firstSample, firstHeads, samples, seed + firstHeads);
        return kurtosis;
    }

    /**
     * The tail plot of Remark 3.1: {@code P(|y| > t)} of the limit for H = 1, 2, 16 (by symmetry {@code 2(1 − F(t))},
     * F from {@link AttentionLimit#cdf}; points where it is below twice its error bound are left out) against
     * the Gaussian of the same variance, with the empirical tail of the finite-width sample of {@code sampleHeads}.
     */
    static void tails(Path dir, int width, double[] sample, int sampleHeads, int samples, long sampleSeed) {
        int[] heads = {1, 2, 16};
        double variance = AttentionLimit.of(AttentionSetup.template(Activation.clip(100), 4, 1)).variance();
        double sd = Math.sqrt(variance);
        int points = 97;
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = 6 * sd * i / (points - 1);
        }
        XYChart c = Plots.chart("Figure 2b: tails P(|y| > t) of the limit, clip (c = 100), s = 4", "t",
                "P(|y| > t) (log scale)");
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideSW);
        List<String> headers = new ArrayList<>(List.of("t"));
        List<double[]> columns = new ArrayList<>(List.of(t));
        for (int h : heads) {
            AttentionLimit law = AttentionLimit.of(AttentionSetup.template(Activation.clip(100), 4, h));
            double[] cdf = law.cdf(t);
            double[] err = law.cdfError(t);
            double[] tail = new double[points];
            for (int i = 0; i < points; i++) {
                double p = 2 * (1 - cdf[i]);
                tail[i] = p > 4 * err[i] && p > 0 ? p : Double.NaN;
            }
            double[][] shown = positive(t, tail);
            Plots.line(c, "limit H=" + h, shown[0], shown[1]);
            headers.add("limit_tail_H" + h);
            columns.add(tail);
        }
        double[] gauss = new double[points];
        for (int i = 0; i < points; i++) {
            gauss[i] = org.hipparchus.special.Erf.erfc(t[i] / (sd * Math.sqrt(2)));
        }
        Plots.dashed(c, "Gaussian N(0, E[V]), same variance", t, gauss);
        headers.add("gaussian_tail");
        columns.add(gauss);
        if (sample != null) {
            double[] abs = new double[sample.length];
            for (int i = 0; i < sample.length; i++) {
                abs[i] = Math.abs(sample[i]);
            }
            java.util.Arrays.sort(abs);
            double[] empirical = new double[points];
            for (int i = 0; i < points; i++) {
                int at = java.util.Arrays.binarySearch(abs, t[i]);
                int above = abs.length - (at >= 0 ? at + 1 : -at - 1);
                // fewer than 10 exceedances: the estimate's relative error exceeds 30%, not drawn
                empirical[i] = above >= 10 ? above / (double) abs.length : Double.NaN;
            }
            double[][] shown = positive(t, empirical);
            Plots.points(c, "finite n=" + width + ", H=" + sampleHeads, shown[0], shown[1]);
            headers.add("finite_tail_H" + sampleHeads);
            columns.add(empirical);
        }
        Plots.save(c, dir.resolve("fig2b_tails"));
        Csv.write(dir.resolve("fig2b_tails.csv"), List.of("Figure 2b tails: P(|y| > t) = 2(1 - F(t)) of the limit law "
                + "(AttentionLimit.cdf, quadrature; blank where below 4 error bounds) and of N(0, E[V]); clip (c = 100), s = 4",
                "finite-width curve: n = " + width + ", H = " + sampleHeads + ", samples: " + samples + ", seed: " + sampleSeed
                        + " (blank below 10 exceedances)"), headers, columns);
    }

    private static double[] gaussian(double[] x, double variance) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = Math.exp(-0.5 * x[i] * x[i] / variance) / Math.sqrt(2 * Math.PI * variance);
        }
        return g;
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

    private static double sd(double[] x) {
        return Math.sqrt(org.attnlimit.stats.Moments.of(x).variance());
    }
}
