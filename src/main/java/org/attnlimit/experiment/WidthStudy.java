package org.attnlimit.experiment;

import org.attnlimit.random.Cancellation;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.LawTable;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.KdeKl;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.TabulatedLaw;
import org.attnlimit.stats.Wasserstein;

/**
 * One "effect of finite width" study in the protocol of Section 5.1: for each layer (width), several
 * independent trials; in each, a finite-width sample (exact sampler, equal in law to the Appendix B
 * network) and a fresh limit sample of the same size; the paper's KDE-KL between them, KS and W1 to
 * the exact limit CDF; and the noise floors, from a second limit sample of the same size. As in the
 * paper, every KL of a figure is evaluated on one grid, {@code linspace(min, max, 500)} over the union
 * of the figure's finite-width and limit samples (every trial and width), so the KLs are computed once
 * all samples are drawn; the floors use the same grid. Computes only: {@code report} renders the result.
 */
public final class WidthStudy {

    /** Distances of one trial. */
    public record Trial(int width, int heads, int trial, double klKde, double ks, double w1, double floorKl,
            double floorKs, double floorW1) {
    }

    /**
     * @param layers the layers, one per width
     * @param limits their limits
     * @param trials all trials, in order
     * @param firstTrial the finite-width samples of trial 1, per layer (Figure 1a)
     * @param complete false if cancelled part-way
     */
    public record Result(List<LayerSpec> layers, List<LawTable> limits, List<Trial> trials, List<double[]> firstTrial,
            boolean complete) {
    }

    private WidthStudy() {
    }

    /**
     * @param id the figure's name (for the log)
     * @param layers the layers, one per width
     * @param samples samples per trial
     * @param seeds independent trials per layer
     * @param baseSeed the seed of the study (each trial and width its own streams)
     * @param threads worker threads (the numbers do not depend on it)
     * @param cancel the run's token: no new trial starts once it is cancelled
     * @param log one line per finished layer
     * @return the trials' distances; {@code complete} false if cancelled
     */
    public static Result run(String id, List<LayerSpec> layers, int samples, int seeds, long baseSeed, int threads,
            Cancellation cancel, PrintWriter log) {
        List<LawTable> limits = new ArrayList<>();
        List<Drawn> drawn = new ArrayList<>();
        List<double[]> first = new ArrayList<>();
        LawTable shared = null;
        LayerSpec sharedFor = null;
        for (LayerSpec layer : layers) {
            // The limit depends on (φ, s, H) only, so full-rank studies share one across widths.
            LawTable limit = shared != null && sameLimit(sharedFor, layer) ? shared
                    : LayerLimits.reference(layer, baseSeed);
            shared = limit;
            sharedFor = layer;
            limits.add(limit);
            TabulatedLaw law = limit.table();
            for (int t = 0; t < seeds; t++) {
                if (cancel.isCancelled()) {
                    return finish(layers.subList(0, limits.size()), limits, drawn, first, false);
                }
                long seed = baseSeed + 1_000_003L * layer.width() + 101L * t;
                double[] y = ExactAttentionSampler.of(layer).sample(samples, new ParallelSampler(seed, 1024, threads, cancel));
                double[] ref = limit.law().sample(samples, new ParallelSampler(seed + 1, 1024, threads, cancel));
                double[] ref2 = limit.law().sample(samples, new ParallelSampler(seed + 2, 1024, threads, cancel));
                if (y.length < samples || ref.length < samples || ref2.length < samples) {
                    return finish(layers.subList(0, limits.size()), limits, drawn, first, false);
                }
                drawn.add(new Drawn(layer.width(), layer.heads(), t + 1, y, ref, ref2,
                        KolmogorovSmirnov.distance(y, law::cdf), Wasserstein.distance(y, law::cdf, law.lower(), law.upper()),
                        KolmogorovSmirnov.distance(ref2, law::cdf),
                        Wasserstein.distance(ref2, law::cdf, law.lower(), law.upper())));
                if (t == 0) {
                    first.add(y);
                }
            }
            log.printf("reproduce: %s %s done (%d trials x %d samples)%n", id, layer.describe(), seeds, samples);
            log.flush();
        }
        return finish(layers, limits, drawn, first, true);
    }

    /** One trial's samples and sample-to-CDF distances, before the figure-wide KL grid is known. */
    private record Drawn(int width, int heads, int trial, double[] y, double[] ref, double[] ref2, double ks, double w1,
            double floorKs, double floorW1) {
    }

    /** The paper's KLs of every trial on the grid spanning all finite-width and limit samples of the figure. */
    private static Result finish(List<LayerSpec> layers, List<LawTable> limits, List<Drawn> drawn,
            List<double[]> first, boolean complete) {
        List<Trial> trials = new ArrayList<>();
        if (!drawn.isEmpty()) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (Drawn d : drawn) {
                for (double[] s : new double[][] {d.y(), d.ref()}) {
                    for (double v : s) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            double[] grid = KdeKl.paperGrid(lo, hi);
            for (Drawn d : drawn) {
                trials.add(new Trial(d.width(), d.heads(), d.trial(), KdeKl.estimate(d.y(), d.ref(), grid), d.ks(), d.w1(),
                        KdeKl.estimate(d.ref2(), d.ref(), grid), d.floorKs(), d.floorW1()));
            }
        }
        return new Result(layers, limits, trials, first, complete);
    }

    private static boolean sameLimit(LayerSpec a, LayerSpec b) {
        return a.phi().equals(b.phi()) && a.tokens() == b.tokens() && a.heads() == b.heads() && a.scaling() == b.scaling();
    }
}
