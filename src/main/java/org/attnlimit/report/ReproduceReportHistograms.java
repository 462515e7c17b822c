package org.attnlimit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.AttentionLimitReference;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.LimitReference;
import org.attnlimit.finite.Readout;
import org.attnlimit.finite.Scaling;
import org.attnlimit.random.ParallelSampler;
import org.knowm.xchart.XYChart;

/** Figures 2a (one score under both scalings) and 2b (few versus many heads), as histograms. */
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
    static double[] scores(Path dir, int width, int samples, long seed, int threads) {
        LayerSpec layer = LayerSpec.paper(Activation.clip(100), width, 4, 2);
        LimitReference limit = AttentionLimitReference.forLayer(layer, seed);
        double[] sqrt = ExactAttentionSampler.of(layer).sample(samples, Readout.SCORE_11,
                new ParallelSampler(seed, 1024, threads), null);
        double[] linear = ExactAttentionSampler.of(layer.withScaling(Scaling.LINEAR)).sample(samples, Readout.SCORE_11,
                new ParallelSampler(seed + 1, 1024, threads), null);
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
        Csv.write(dir.resolve("fig2a_scores.csv"), List.of("p11", "density_sqrt_scaling", "density_linear_scaling",
                "limit_pdf"), List.of(hs[0], hs[1], hl[1], pdf));
        return new double[] {sd(sqrt), sd(linear), sd};
    }

    /**
     * Figure 2b: the output at width n for each head count, with the limit densities and the
     * infinite-head Gaussian {@code N(0, E[V])} (Remark 3.2).
     *
     * @return per head count: sample excess kurtosis and the limit's
     */
    static List<double[]> heads(Path dir, int width, int[] headCounts, int samples, long seed, int threads) {
        List<String> headers = new ArrayList<>(List.of("y"));
        List<double[]> columns = new ArrayList<>();
        List<double[]> kurtosis = new ArrayList<>();
        XYChart c = Plots.chart("Figure 2b: output at n = " + width + ", few and many heads", "y", "density");
        double[] centers = null;
        double variance = Double.NaN;
        for (int h : headCounts) {
            LayerSpec layer = LayerSpec.paper(Activation.clip(100), width, 4, h);
            LimitReference limit = AttentionLimitReference.forLayer(layer, seed);
            double[] y = ExactAttentionSampler.of(layer).sample(samples, new ParallelSampler(seed + h, 1024, threads));
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
            kurtosis.add(new double[] {h, org.attnlimit.stats.Moments.of(y).excessKurtosis(), limit.excessKurtosis()});
        }
        double[] gauss = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            gauss[i] = Math.exp(-0.5 * centers[i] * centers[i] / variance) / Math.sqrt(2 * Math.PI * variance);
        }
        Plots.line(c, "infinite-head Gaussian N(0, E[V])", centers, gauss);
        headers.add("gaussian_infinite_heads");
        columns.add(0, centers);
        columns.add(gauss);
        Plots.save(c, dir.resolve("fig2b_heads"));
        Csv.write(dir.resolve("fig2b_heads.csv"), headers, columns);
        return kurtosis;
    }

    private static double sd(double[] x) {
        return Math.sqrt(org.attnlimit.stats.Moments.of(x).variance());
    }
}
