package org.attnlimit.experiment;

import org.attnlimit.calculus.Normal;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.finite.Readout;
import org.attnlimit.finite.Scaling;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.limit.LawTable;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.Moments;

/**
 * The samples and limit curves behind Figures 2a and 2b (Section 5.1, Remarks 3.1–3.2), for the paper's layer
 * (clip with c = 100, s = 4): the score {@code p^1_{11}} under {@code 1/√n} and {@code 1/n} scaling against its
 * limit {@code N(0, σ_Q²σ_K²K_11²)}; the output {@code y_1} for a few head counts against the limit densities
 * and the infinite-head Gaussian {@code N(0, E[V])} (Remark 3.2); and the tails {@code P(|y| > t)} of the limit
 * against that Gaussian. Every curve is evaluated on a {@link Window} of bin centres that the caller chooses
 * (the bin count is a plotting choice). Computes only: {@code report} bins the samples and renders.
 */
public final class HistogramStudy {

    /**
     * A plotting window: {@code bins} equal bins of [lo, hi] and their centres {@code lo + (i + 1/2)(hi − lo)/bins}.
     *
     * @param lo left end
     * @param hi right end
     * @param centres the bin centres
     */
    public record Window(double lo, double hi, double[] centres) {

        /** @return the window of {@code bins} equal bins of [lo, hi] */
        public static Window of(double lo, double hi, int bins) {
            double[] centres = new double[bins];
            double w = (hi - lo) / bins;
            for (int i = 0; i < bins; i++) {
                centres[i] = lo + (i + 0.5) * w;
            }
            return new Window(lo, hi, centres);
        }

        /** @return the number of bins */
        public int bins() {
            return centres.length;
        }
    }

    /**
     * Figure 2a.
     *
     * @param width the width n
     * @param samples samples per scaling
     * @param sqrtSeed the seed of the {@code 1/√n} sample
     * @param linearSeed the seed of the {@code 1/n} sample
     * @param sqrt the score under {@code 1/√n} scaling
     * @param linear the score under {@code 1/n} scaling
     * @param window ±4 limit sd, in the caller's bins
     * @param limitPdf the limit density {@code N(0, σ_Q²σ_K²K_11²)} at the window's centres
     * @param sdSqrt the sample sd under {@code 1/√n} scaling
     * @param sdLinear the sample sd under {@code 1/n} scaling (tends to 0 like {@code n^{-1/2}})
     * @param limitSd the limit's sd {@code σ_Qσ_K|K_11|}
     */
    public record Scores(int width, int samples, long sqrtSeed, long linearSeed, double[] sqrt, double[] linear,
            Window window, double[] limitPdf, double sdSqrt, double sdLinear, double limitSd) {
    }

    /**
     * One head count of Figure 2b.
     *
     * @param heads the head count H
     * @param seed the sample's seed
     * @param sample the output {@code y_1} at width n
     * @param window ±4 limit sd (linear panel)
     * @param limitPdf the limit density at {@code window}'s centres
     * @param wide ±6 limit sd (log panel)
     * @param wideLimitPdf the limit density at {@code wide}'s centres
     * @param excessKurtosis the sample's excess kurtosis
     * @param limitExcessKurtosis the limit's
     */
    public record Head(int heads, long seed, double[] sample, Window window, double[] limitPdf, Window wide,
            double[] wideLimitPdf, double excessKurtosis, double limitExcessKurtosis) {
    }

    /**
     * Figure 2b tails (Remark 3.1): {@code P(|y| > t) = 2(1 − F(t))} of the limit, F from {@link AttentionLimit#cdf},
     * blank (NaN) where not above 4 error bounds; the same for the Gaussian of the same variance; and the empirical
     * tail of one finite-width sample, blank below 10 exceedances.
     *
     * @param t the points, 97 on [0, 6 sd]
     * @param limitHeads the head counts of the limit curves (1, 2, 16)
     * @param limitTails their tails, one per head count
     * @param gaussianTail {@code erfc(t / (sd √2))}
     * @param sampleHeads the head count of the finite-width sample
     * @param sampleSeed its seed
     * @param empiricalTail its tail, or null without a sample
     */
    public record Tails(double[] t, int[] limitHeads, List<double[]> limitTails, double[] gaussianTail, int sampleHeads,
            long sampleSeed, double[] empiricalTail) {
    }

    /**
     * Figure 2b.
     *
     * @param width the width n
     * @param samples samples per head count
     * @param heads per head count, in order
     * @param gaussian the infinite-head Gaussian {@code N(0, E[V])} at the ±4 sd window's centres
     * @param wideGaussian the same at the ±6 sd window's centres
     * @param tails the tail curves, with the first head count's sample
     */
    public record Heads(int width, int samples, List<Head> heads, double[] gaussian, double[] wideGaussian, Tails tails) {
    }

    private HistogramStudy() {
    }

    private static LayerSpec layer(int width, int heads) {
        return LayerSpec.paper(Activation.clip(100), width, 4, heads);
    }

    /**
     * Figure 2a: the score {@code p^1_{11}} at width n under {@code 1/√n} scaling (stream {@code seed}) and
     * {@code 1/n} scaling (stream {@code seed + 1}), H = 2.
     *
     * @param bins the number of bins of the plotting window
     * @param threads worker threads (the numbers do not depend on it)
     * @param cancel the run's token
     */
    public static Scores scores(int width, int samples, long seed, int bins, int threads, Cancellation cancel) {
        LayerSpec layer = layer(width, 2);
        LawTable limit = LayerLimits.reference(layer, seed);
        double[] sqrt = ExactAttentionSampler.of(layer).sample(samples, Readout.SCORE_11,
                new ParallelSampler(seed, 1024, threads, cancel), null);
        double[] linear = ExactAttentionSampler.of(layer.withScaling(Scaling.LINEAR)).sample(samples, Readout.SCORE_11,
                new ParallelSampler(seed + 1, 1024, threads, cancel), null);
        double sd = Math.sqrt(LayerLimits.scoreVariance(limit));
        Window window = Window.of(-4 * sd, 4 * sd, bins);
        double[] pdf = new double[bins];
        for (int i = 0; i < bins; i++) {
            double z = window.centres()[i] / sd;
            pdf[i] = Normal.pdf(z) / sd;
        }
        return new Scores(width, samples, seed, seed + 1, sqrt, linear, window, pdf, sd(sqrt), sd(linear), sd);
    }

    /**
     * Figure 2b: the output at width n for each head count H (stream {@code seed + H}), with the limit densities on
     * ±4 and ±6 limit sd, the infinite-head Gaussian {@code N(0, E[V])} (the variance is the same for every H,
     * Remarks 3.1–3.2), and the {@link Tails} with the first head count's sample.
     *
     * @param bins the number of bins of each plotting window
     * @param threads worker threads (the numbers do not depend on it)
     * @param cancel the run's token
     */
    public static Heads heads(int width, int[] headCounts, int samples, long seed, int bins, int threads,
            Cancellation cancel) {
        List<Head> heads = new ArrayList<>();
        double variance = Double.NaN;
        for (int h : headCounts) {
            LayerSpec layer = layer(width, h);
            LawTable limit = LayerLimits.reference(layer, seed);
            double[] y = ExactAttentionSampler.of(layer).sample(samples, new ParallelSampler(seed + h, 1024, threads, cancel));
            variance = limit.law().variance().value();
            double sd = Math.sqrt(variance);
            Window window = Window.of(-4 * sd, 4 * sd, bins);
            Window wide = Window.of(-6 * sd, 6 * sd, bins);
            heads.add(new Head(h, seed + h, y, window, pdf(limit, window), wide, pdf(limit, wide),
                    Moments.of(y).excessKurtosis(), limit.law().excessKurtosis().value()));
        }
        Head last = heads.get(heads.size() - 1);
        Head first = heads.get(0);
        return new Heads(width, samples, heads, gaussian(last.window().centres(), variance),
                gaussian(last.wide().centres(), variance), tails(first.sample(), first.heads(), first.seed()));
    }

    /**
     * The tails of Remark 3.1 for H = 1, 2, 16 against the Gaussian of the same variance, with the empirical tail
     * of {@code sample} (may be null).
     */
    static Tails tails(double[] sample, int sampleHeads, long sampleSeed) {
        int[] heads = {1, 2, 16};
        double variance = AttentionLimit.of(AttentionSetup.template(Activation.clip(100), 4, 1)).variance().value();
        double sd = Math.sqrt(variance);
        int points = 97;
        double[] t = new double[points];
        for (int i = 0; i < points; i++) {
            t[i] = 6 * sd * i / (points - 1);
        }
        List<double[]> limitTails = new ArrayList<>();
        for (int h : heads) {
            AttentionLimit law = AttentionLimit.of(AttentionSetup.template(Activation.clip(100), 4, h));
            double[] cdf = law.cdf(t);
            double[] err = law.cdfError(t);
            double[] tail = new double[points];
            for (int i = 0; i < points; i++) {
                double p = 2 * (1 - cdf[i]);
                tail[i] = p > 4 * err[i] && p > 0 ? p : Double.NaN;
            }
            limitTails.add(tail);
        }
        double[] gauss = new double[points];
        for (int i = 0; i < points; i++) {
            gauss[i] = 2 * Normal.cdf(-t[i] / sd);   // P(|y| > t) for y ~ N(0, sd²)
        }
        double[] empirical = null;
        if (sample != null) {
            double[] abs = new double[sample.length];
            for (int i = 0; i < sample.length; i++) {
                abs[i] = Math.abs(sample[i]);
            }
            java.util.Arrays.sort(abs);
            empirical = new double[points];
            for (int i = 0; i < points; i++) {
                int at = java.util.Arrays.binarySearch(abs, t[i]);
                int above = abs.length - (at >= 0 ? at + 1 : -at - 1);
                // fewer than 10 exceedances: the estimate's relative error exceeds 30%, not drawn
                empirical[i] = above >= 10 ? above / (double) abs.length : Double.NaN;
            }
        }
        return new Tails(t, heads, limitTails, gauss, sampleHeads, sampleSeed, empirical);
    }

    private static double[] pdf(LawTable limit, Window window) {
        double[] pdf = new double[window.bins()];
        for (int i = 0; i < pdf.length; i++) {
            pdf[i] = limit.table().pdf(window.centres()[i]);
        }
        return pdf;
    }

    private static double[] gaussian(double[] x, double variance) {
        double sd = Math.sqrt(variance);
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            g[i] = Normal.pdf(x[i] / sd) / sd;
        }
        return g;
    }

    private static double sd(double[] x) {
        return Math.sqrt(Moments.of(x).variance());
    }
}
