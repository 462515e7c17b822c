package org.attnlimit.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.PowerLawFit;

/**
 * The convergence rate beyond the paper's widths (Figure 1's layer: clip with {@code c = 100},
 * {@code s = 4}, {@code H = 2}): the exact KS and W1 distances from the limit by conditioning and coupling
 * ({@link CoupledLimitDistance}) at every width, and the fitted exponent {@code b} of
 * {@code distance ∝ n^b} (log–log least squares, {@link PowerLawFit}). Computes only; {@code report}
 * renders it.
 */
public final class ConvergenceRate {
    /** Seed of width {@code n}: {@code SEED + n}. */
    public static final long SEED = 77L;

    /**
     * @param widths the widths, one per point
     * @param points the coupled distances of every finished width
     * @param ks the fitted KS rate, or null with fewer than 3 points
     * @param w1 the fitted W1 rate, or null with fewer than 3 points
     */
    public record Result(int[] widths, List<CoupledLimitDistance.Result> points, PowerLawFit ks, PowerLawFit w1) {
    }

    private ConvergenceRate() {
    }

    /**
     * @param widths increasing widths
     * @param samples coupled pairs per width
     * @param threads worker threads (the numbers do not depend on it)
     * @param cancel the run's token: no new width starts once it is cancelled
     * @param log one line per finished width
     * @return the points and fits; fewer points if cancelled
     */
    public static Result run(int[] widths, int samples, int threads, Cancellation cancel, Consumer<String> log) {
        Activation clip = Activation.clip(100);
        double[][] gram = AttentionSetup.paper(clip, 4, 2).gram();
        List<CoupledLimitDistance.Result> results = new ArrayList<>();
        for (int w : widths) {
            if (cancel.isCancelled()) {
                break;
            }
            CoupledLimitDistance.Result r = CoupledLimitDistance.estimate(LayerSpec.paper(clip, w, 4, 2), gram, samples,
                    new ParallelSampler(SEED + w, 1024, threads, cancel));
            if (r.samples() < samples) {
                break;
            }
            results.add(r);
            log.accept(String.format(Locale.ROOT, "n=%d KS=%.3g±%.2g W1=%.3g±%.2g", w, r.ks(), r.ksSe(), r.w1(), r.w1Se()));
        }
        if (results.size() < 3) {
            return new Result(widths, results, null, null);
        }
        int m = results.size();
        double[] n = new double[m];
        double[][] d = new double[4][m];
        for (int i = 0; i < m; i++) {
            CoupledLimitDistance.Result r = results.get(i);
            n[i] = r.width();
            d[0][i] = r.ks();
            d[1][i] = r.ksSe();
            d[2][i] = r.w1();
            d[3][i] = r.w1Se();
        }
        return new Result(widths, results, fit(n, d[0], d[1]), fit(n, d[2], d[3]));
    }

    /** Fit over n ≥ 64 (past the smallest width's pre-asymptotic regime) where the distance exceeds 3 SE. */
    private static PowerLawFit fit(double[] n, double[] d, double[] se) {
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < n.length; i++) {
            if (n[i] >= 64 && d[i] > 3 * se[i]) {
                pts.add(new double[] {n[i], d[i]});
            }
        }
        if (pts.size() < 3) {
            pts.clear();
            for (int i = 0; i < n.length; i++) {
                pts.add(new double[] {n[i], d[i]});
            }
        }
        return PowerLawFit.of(pts.stream().mapToDouble(p -> p[0]).toArray(), pts.stream().mapToDouble(p -> p[1]).toArray(),
                0.05);
    }
}
