package org.attnlimit.experiment;

import org.attnlimit.random.Cancellation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;
import org.attnlimit.stats.SortedBootstrap;
import org.attnlimit.stats.Wasserstein;

/**
 * Convergence of one output of any program to its limit law as the width grows (Theorem 3.1,
 * Corollary 3.2): at each width, coordinate 1 of the output in {@code samples} realisations by Gaussian
 * conditioning ({@link ProgramSampling}, exact in law, O(n) per product), its KS and W1 distances to the
 * limit CDF, and the noise floors — the same distances for a limit sample of the same size — so that a
 * distance at its floor reads as "not resolved". The floor is drawn {@value #FLOOR_DRAWS} times (independent limit
 * samples) so that its spread shows; the first draw is the reported floor. Each distance carries a bootstrap standard
 * error (Efron 1979; {@value #BOOTSTRAP} resamples of the width's sample, {@link SortedBootstrap}): the sample is one
 * run per width, not several trials, and the bootstrap gives its spread at the cost of a few sorts' worth of
 * arithmetic instead of {@code trials} times the simulation.
 */
public final class ProgramConvergence {
    /** Independent limit samples per width behind the noise floor's range. */
    public static final int FLOOR_DRAWS = 5;
    /** Bootstrap resamples behind each distance's standard error (the SE itself uncertain by 1/√(2·199) ≈ 5%). */
    public static final int BOOTSTRAP = 200;
    /** Added to the seed (xor) for a width's bootstrap streams: {@code seed ^ (BOOTSTRAP_SEED + n)}. */
    public static final long BOOTSTRAP_SEED = 0xB0070000L;

    private ProgramConvergence() {
    }

    /**
     * One width.
     *
     * @param width n
     * @param samples realisations
     * @param ks KS distance to the limit CDF
     * @param ksFloor KS distance of a limit sample of the same size
     * @param w1 W1 distance to the limit CDF
     * @param w1Floor W1 distance of that limit sample
     * @param variance sample variance of the output
     * @param varianceSe its standard error
     * @param seconds wall time of the simulation
     * @param ksFloorMin the smallest KS floor over {@value #FLOOR_DRAWS} limit samples (the first is {@code ksFloor})
     * @param ksFloorMax the largest
     * @param w1FloorMin the smallest W1 floor over those samples
     * @param w1FloorMax the largest
     * @param ksSe bootstrap standard error of {@code ks} (NaN if the run was cancelled during the bootstrap)
     * @param w1Se bootstrap standard error of {@code w1}
     */
    public record Point(int width, int samples, double ks, double ksFloor, double w1, double w1Floor, double variance,
            double varianceSe, double seconds, double ksFloorMin, double ksFloorMax, double w1FloorMin, double w1FloorMax,
            double ksSe, double w1Se) {
    }

    /**
     * @param program the program
     * @param output the vector recorded
     * @param limit its limit law
     * @param widths increasing widths
     * @param samples realisations per width
     * @param seed the seed (each width its own streams)
     * @param threads worker threads (the numbers do not depend on it)
     * @param cancel the run's token: no new width starts once it is cancelled
     * @param log one line per width (may be a no-op)
     * @return one point per finished width; fewer if cancelled (Ctrl-C)
     */
    public static List<Point> run(Program program, String output, LimitReference limit, int[] widths, int samples,
            long seed, int threads, Cancellation cancel, Consumer<String> log) {
        ProgramSampling sampling = ProgramSampling.of(program, ProgramSimulator.Method.EXACT, List.of(output));
        double lo = limit.table().lower();
        double hi = limit.table().upper();
        List<Point> points = new ArrayList<>();
        for (int n : widths) {
            if (cancel.isCancelled()) {
                break;
            }
            long start = System.nanoTime();
            double[] y = sampling.sample(n, samples, new SampleStreams(seed + 7919L * n, threads, cancel), null);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (y.length < samples) {
                break;
            }
            double[] sorted = y.clone();
            java.util.Arrays.sort(sorted);
            SortedBootstrap.Result boot = SortedBootstrap.run(sorted, limit.table()::cdf, lo, hi, null, BOOTSTRAP,
                    seed ^ (BOOTSTRAP_SEED + n), threads, cancel);
            double[] ref = limit.sample(samples, new ParallelSampler(seed ^ (0x5EED0000L + n), ParallelSampler.DEFAULT_CHUNK, threads, cancel));
            Moments m = Moments.of(y);
            double ksFloor = KolmogorovSmirnov.distance(ref, limit.table()::cdf);
            double w1Floor = Wasserstein.distance(ref, limit.table()::cdf, lo, hi);
            double[] ksRange = {ksFloor, ksFloor};
            double[] w1Range = {w1Floor, w1Floor};
            for (int k = 1; k < FLOOR_DRAWS && !cancel.isCancelled(); k++) {
                double[] more = limit.sample(samples, new ParallelSampler((seed ^ (0x5EED0000L + n)) + 104_729L * k,
                        ParallelSampler.DEFAULT_CHUNK, threads, cancel));
                if (more.length < samples) {
                    break;
                }
                double a = KolmogorovSmirnov.distance(more, limit.table()::cdf);
                double b = Wasserstein.distance(more, limit.table()::cdf, lo, hi);
                ksRange[0] = Math.min(ksRange[0], a);
                ksRange[1] = Math.max(ksRange[1], a);
                w1Range[0] = Math.min(w1Range[0], b);
                w1Range[1] = Math.max(w1Range[1], b);
            }
            Point p = new Point(n, samples, KolmogorovSmirnov.distanceSorted(sorted, limit.table()::cdf), ksFloor,
                    Wasserstein.distanceSorted(sorted, limit.table()::cdf, lo, hi), w1Floor, m.variance(), m.varianceSe(),
                    seconds, ksRange[0], ksRange[1], w1Range[0], w1Range[1], sd(boot.ks()), sd(boot.w1()));
            points.add(p);
            log.accept(String.format(java.util.Locale.ROOT, "n=%d KS=%.3g ± %.2g (floor %.3g) W1=%.3g ± %.2g (floor %.3g), %.1f s",
                    n, p.ks(), p.ksSe(), p.ksFloor(), p.w1(), p.w1Se(), p.w1Floor(), seconds));
        }
        return points;
    }

    /** @return the standard deviation of the replicates (the bootstrap SE), NaN for fewer than 2 (a cancelled run) */
    static double sd(double[] replicates) {
        if (replicates.length < 2) {
            return Double.NaN;
        }
        double mean = 0;
        for (double r : replicates) {
            mean += r;
        }
        mean /= replicates.length;
        double ss = 0;
        for (double r : replicates) {
            ss += (r - mean) * (r - mean);
        }
        return Math.sqrt(ss / (replicates.length - 1));
    }
}
