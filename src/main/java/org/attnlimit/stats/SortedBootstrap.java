package org.attnlimit.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.attnlimit.random.Cancellation;

/**
 * The bootstrap of W1, of the KS distance and of the paper's KDE-KL, done on the sorted sample without re-sorting: a
 * resample is a vector of multiplicities {@code c_k} of the order statistics {@code x_(k)}, of total
 * {@code N* = Σ c_k}, so a replicate costs O(N) instead of O(N log N). The multiplicities are
 * <ul>
 *   <li>up to {@value #MULTINOMIAL_MAX} samples, Efron's: multinomial, N uniform draws of an index;</li>
 *   <li>above, the Poisson bootstrap (Hanley &amp; MacGibbon 2006; Chamandy et al. 2012): i.i.d.
 *       Poisson(1), so {@code N*} is Poisson(N). Its replicates agree with Efron's to relative O(1/√N) in
 *       their spread, and it streams through the sorted sample: the multinomial's N random increments
 *       into an N-long table cost tens of nanoseconds each once the table leaves the cache, and dominated
 *       the run time at millions of samples.</li>
 * </ul>
 * Given the multiplicities:
 * <ul>
 *   <li>W1: the resample's CDF is {@code C_k/N} on {@code [x_(k), x_(k+1))}, {@code C_k = Σ_{i≤k} c_i};
 *       {@code ∫|C_k/N − F|} on each interval is computed exactly as {@link Wasserstein#distanceSorted}
 *       does (which is the case {@code c ≡ 1}), from {@code F(x_(k))} and {@code ∫F} tabulated once, and
 *       the tails beyond the resample's extremes by the same quadrature;</li>
 *   <li>KS: F is continuous and the resample's CDF constant between the order statistics it uses, so
 *       {@code sup|F*_N − F| = max_k max(C_k/N − F(x_(k)), F(x_(k)) − C_{k−1}/N)} over the k with
 *       {@code c_k > 0}, as {@link KolmogorovSmirnov#distanceSorted} (the case {@code c ≡ 1});</li>
 *   <li>KL: the resample's linear-binning weights are {@code Σ_k c_k} times each order statistic's
 *       precomputed split, its Scott bandwidth comes from the weighted variance, and the KDE on the
 *       fixed grid is compared with the fixed limit KDE {@code q} by {@link KdeKl#discrete} — the same
 *       binned estimator as the point estimate, applied to the resample.</li>
 * </ul>
 * Replicate {@code b} draws from its own stream, the {@code b}-th jump of an {@code L64_X128_MIX}
 * generator seeded with {@code seed}, so the replicates do not depend on the thread count. A
 * cancelled run keeps the longest completed prefix of replicates.
 */
public final class SortedBootstrap {

    /**
     * What the KL replicates compare with.
     *
     * @param grid the paper's evaluation grid
     * @param kde the binning lattice on that grid
     * @param q the limit density (KDE of the limit sample) at the grid points
     */
    public record KlTarget(double[] grid, BinnedKde kde, double[] q) {
    }

    /**
     * @param w1 W1 replicates (the completed prefix)
     * @param kl KL replicates, same length; empty if no KL was asked
     * @param requested replicates asked for
     * @param degenerateKl replicates whose resample had zero spread (no KDE; KL undefined)
     * @param ks KS-distance replicates, the same length as {@code w1}
     */
    public record Result(double[] w1, double[] kl, int requested, int degenerateKl, double[] ks) {
        /** @return the number of completed replicates */
        public int completed() {
            return w1.length;
        }
    }

    /** Largest sample bootstrapped by Efron's multinomial resampling (its count table, 512 KB, stays in cache). */
    static final int MULTINOMIAL_MAX = 1 << 17;
    /** {@code P(K ≤ k)} for K ~ Poisson(1), the last entry set to 1 (the tail beyond it is below 1e-16). */
    private static final double[] POISSON_CDF = poissonCdf();
    /** Guide table: {@code GUIDE[j]} is the smallest k with {@code P(K ≤ k) > j/256}, where inversion starts. */
    private static final int[] GUIDE = guide();

    private final double[] x;
    private final double[] f;
    private final double[] integralF;
    private final DoubleUnaryOperator cdf;
    private final double lo;
    private final double hi;
    private final KlTarget target;
    private final double mean;

    private SortedBootstrap(double[] sorted, DoubleUnaryOperator cdf, double lo, double hi, KlTarget target) {
        int n = sorted.length;
        this.x = sorted;
        this.f = new double[n];
        for (int k = 0; k < n; k++) {
            f[k] = cdf.applyAsDouble(sorted[k]);
        }
        this.integralF = new double[Math.max(0, n - 1)];
        for (int k = 0; k + 1 < n; k++) {
            integralF[k] = Wasserstein.simpsonPiece(cdf, sorted[k], sorted[k + 1], f[k], f[k + 1]);
        }
        this.cdf = cdf;
        this.lo = lo;
        this.hi = hi;
        this.target = target;
        double m = 0;
        for (double v : sorted) {
            m += v;
        }
        this.mean = m / n;
    }

    /**
     * @param sorted the sample, sorted increasingly
     * @param cdf the limit CDF F
     * @param lo where F is 0 up to negligible mass
     * @param hi where F is 1 up to negligible mass
     * @param target the KL comparison, or {@code null} for W1 only
     * @param replicates B
     * @param seed the seed of the replicates' streams
     * @param threads worker threads (does not change the result)
     * @param cancel polled before each replicate
     * @return the replicates
     */
    public static Result run(double[] sorted, DoubleUnaryOperator cdf, double lo, double hi, KlTarget target,
            int replicates, long seed, int threads, Cancellation cancel) {
        if (sorted.length < 2) {
            throw new IllegalArgumentException("the bootstrap needs at least 2 samples, got " + sorted.length);
        }
        return new SortedBootstrap(sorted, cdf, lo, hi, target).replicate(replicates, seed, threads, cancel,
                sorted.length > MULTINOMIAL_MAX);
    }

    /** As {@link #run}, with the resampling scheme chosen by the caller (tests of the Poisson scheme on small samples). */
    static Result run(double[] sorted, DoubleUnaryOperator cdf, double lo, double hi, KlTarget target, int replicates,
            long seed, int threads, Cancellation cancel, boolean poisson) {
        return new SortedBootstrap(sorted, cdf, lo, hi, target).replicate(replicates, seed, threads, cancel, poisson);
    }

    private static int[] guide() {
        int[] g = new int[256];
        int k = 0;
        for (int j = 0; j < g.length; j++) {
            while (POISSON_CDF[k] <= j / 256.0) {
                k++;
            }
            g[j] = k;
        }
        return g;
    }

    private static double[] poissonCdf() {
        double[] c = new double[20];
        double term = Math.exp(-1);
        double sum = 0;
        for (int k = 0; k < c.length; k++) {
            sum += term;
            c[k] = sum;
            term /= k + 1;
        }
        c[c.length - 1] = 1.0;
        return c;
    }

    /**
     * One replicate for given multiplicities, of any total (a test hook: the replicate of {@code counts} must equal the
     * estimators applied to the resample written out).
     *
     * @return {W1, KL, KS} of the resample (KL NaN without a target); {@code counts} is reset to 0
     */
    static double[] ofCounts(double[] sorted, DoubleUnaryOperator cdf, double lo, double hi, KlTarget target, int[] counts) {
        SortedBootstrap b = new SortedBootstrap(sorted, cdf, lo, hi, target);
        return b.one(counts, target == null ? null : new double[target.kde().size()]);
    }

    private Result replicate(int replicates, long seed, int threads, Cancellation cancel, boolean poisson) {
        double[] w1 = new double[replicates];
        double[] ks = new double[replicates];
        double[] kl = new double[target == null ? 0 : replicates];
        boolean[] done = new boolean[replicates];
        List<UniformRandomProvider> streams = new ArrayList<>(replicates);
        ((JumpableUniformRandomProvider) RandomSource.L64_X128_MIX.create(seed)).jumps(replicates).forEach(streams::add);
        AtomicInteger next = new AtomicInteger();
        Runnable worker = () -> {
            int[] counts = new int[x.length];
            double[] bins = target == null ? null : new double[target.kde().size()];
            for (int b = next.getAndIncrement(); b < replicates; b = next.getAndIncrement()) {
                if (cancel.isCancelled()) {
                    return;
                }
                UniformRandomProvider rng = streams.get(b);
                if (poisson) {
                    for (int i = 0; i < x.length; i++) {
                        double u = rng.nextDouble();
                        int k = GUIDE[(int) (u * 256)];
                        while (u >= POISSON_CDF[k]) {
                            k++;
                        }
                        counts[i] = k;
                    }
                } else {
                    for (int i = 0; i < x.length; i++) {
                        counts[rng.nextInt(x.length)]++;
                    }
                }
                double[] r = one(counts, bins);
                w1[b] = r[0];
                ks[b] = r[2];
                if (target != null) {
                    kl[b] = r[1];
                }
                done[b] = true;
            }
        };
        run(worker, Math.min(threads, replicates));
        int prefix = 0;
        while (prefix < replicates && done[prefix]) {
            prefix++;
        }
        int degenerate = 0;
        for (int b = 0; b < Math.min(prefix, kl.length); b++) {
            if (Double.isNaN(kl[b])) {
                degenerate++;
            }
        }
        return new Result(Arrays.copyOf(w1, prefix), Arrays.copyOf(kl, target == null ? 0 : prefix), replicates, degenerate,
                Arrays.copyOf(ks, prefix));
    }

    /** @return {W1, KL, KS} of one resample with multiplicities {@code counts} (reset to 0 on return; KL NaN without a target) */
    private double[] one(int[] counts, double[] bins) {
        long total = 0;
        for (int c : counts) {
            total += c;
        }
        if (total < 2) {
            // A resample of fewer than 2 points (possible only in the Poisson scheme, probability (1 + N)e^{−N}).
            Arrays.fill(counts, 0);
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double n = total;
        int firstUsed = 0;
        while (counts[firstUsed] == 0) {
            firstUsed++;
        }
        BinnedKde kde = bins == null ? null : target.kde();
        double last = bins == null ? 0 : bins.length - 1;
        int lastUsed = x.length - 1;
        while (counts[lastUsed] == 0) {
            lastUsed--;
        }
        // Outside the resample's range F_N* is 0 or 1: the same tail quadrature as for a sample.
        double w1 = Wasserstein.tails(new double[] {x[firstUsed], x[lastUsed]}, cdf, lo, hi);
        long cumulative = 0;
        double ks = 0;
        double sum = 0;
        double sum2 = 0;
        for (int k = firstUsed; k <= lastUsed; k++) {
            int c = counts[k];
            if (c != 0) {
                counts[k] = 0;
                ks = Math.max(ks, Math.max((cumulative + c) / n - f[k], f[k] - cumulative / n));
                cumulative += c;
                if (bins != null) {
                    // Weighted moments for the bandwidth, and the linear-binning split, from x itself:
                    // recomputing is cheaper than streaming three more N-long tables.
                    double d = x[k] - mean;
                    sum += c * d;
                    sum2 += c * d * d;
                    double t = kde.position(x[k]);
                    if (t >= 0 && t < last) {
                        int i = (int) t;
                        double w = t - i;
                        bins[i] += c * (1 - w);
                        bins[i + 1] += c * w;
                    }
                }
            }
            if (k < lastUsed && x[k + 1] > x[k]) {
                w1 += Wasserstein.piece(x[k], x[k + 1], f[k], f[k + 1], integralF[k], cumulative / n);
            }
        }
        if (bins == null) {
            return new double[] {w1, Double.NaN, ks};
        }
        double variance = (sum2 - sum * sum / n) / (n - 1);
        double kl = Double.NaN;
        if (variance > 0) {
            double h = Math.sqrt(variance) * Math.pow(n, -0.2);
            double[] p = target.kde().evaluate(bins, n, h);
            kl = KdeKl.discrete(target.grid(), p, target.q());
        }
        Arrays.fill(bins, 0.0);
        return new double[] {w1, kl, ks};
    }

    private static void run(Runnable worker, int threads) {
        if (threads <= 1) {
            worker.run();
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "attnlimit-bootstrap");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(worker));
            }
            for (Future<?> fut : futures) {
                fut.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
