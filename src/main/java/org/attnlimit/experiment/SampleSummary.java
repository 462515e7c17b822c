package org.attnlimit.experiment;

import org.attnlimit.calculus.InvalidInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.attnlimit.limit.LawTable;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.BinnedKde;
import org.attnlimit.stats.Bootstrap;
import org.attnlimit.stats.Interval;
import org.attnlimit.stats.KdeKl;
import org.attnlimit.stats.KernelDensity;
import org.attnlimit.stats.KolmogorovSmirnov;
import org.attnlimit.stats.Moments;
import org.attnlimit.stats.SortedBootstrap;
import org.attnlimit.stats.TabulatedLaw;
import org.attnlimit.stats.Wasserstein;

/**
 * Everything that compares a finite-width sample with its limit (Theorem 3.1, Example 3.1): moments,
 * Kolmogorov–Smirnov (p-value, DKW interval), Wasserstein-1 and the paper's KDE-KL ({@link KdeKl}) with
 * bootstrap intervals, the KL against the limit density, and noise floors — the same estimators for a
 * second limit sample of the same size, so that a distance at its floor reads as "not resolved".
 *
 * <p>Cost: one sort of each sample, O(N) binning per KDE, O(N) per bootstrap replicate on the sorted
 * sample ({@link SortedBootstrap}), replicates in parallel; results identical for a seed at any thread count.
 *
 * <p>Cancellation: the moments, KS and W1 are always computed (one sort); the later stages — limit
 * samples and KL, noise floors, bootstrap — are skipped once {@code cancel} is set, and a cancelled
 * bootstrap keeps its completed replicates (an interval needs at least 20 of them). What was not computed is listed in {@link #notComputed}
 * with the reason, and is absent (null) from {@link #fields}.
 *
 * @param count N
 * @param moments variance and excess kurtosis with standard errors
 * @param ks KS distance, p-value and DKW interval (95%)
 * @param w1 W1 to the limit CDF
 * @param w1Interval W1 ± 1.96 bootstrap SE, or null
 * @param klKde the paper's KL(KDE finite ‖ KDE limit sample), or null
 * @param klKdeInterval its ± 1.96 bootstrap SE interval, or null
 * @param klDensity the paper's formula with the limit density in place of the limit KDE, or null
 * @param klPadded the earlier padded-grid estimator (not the paper's; see {@link KdeKl#padded}), or null
 * @param floor the noise floors, or null
 * @param bootstrapDone completed bootstrap replicates
 * @param bootstrapRequested replicates asked for
 * @param notComputed what is missing, and why
 */
public record SampleSummary(int count, Moments moments, KolmogorovSmirnov.Result ks, double w1, Interval w1Interval,
        Double klKde, Interval klKdeInterval, Double klDensity, Double klPadded, Floor floor, int bootstrapDone,
        int bootstrapRequested, Map<String, String> notComputed) {

    private static final double ALPHA = 0.05;
    private static final String INTERRUPTED = "interrupted";
    private static final int MIN_PARTIAL_REPLICATES = 20;

    /**
     * Noise floors: the estimators applied to a second limit sample of the same size.
     *
     * @param ks KS distance
     * @param w1 W1
     * @param klKde the paper's KL between two independent limit samples
     * @param klDensity the paper's formula, second limit sample against the limit density
     */
    public record Floor(double ks, double w1, double klKde, double klDensity) {
    }

    /** @return whether the run was cut short (Ctrl-C): some statistics are missing or use fewer replicates */
    public boolean partial() {
        return notComputed.values().stream().anyMatch(reason -> reason.startsWith(INTERRUPTED));
    }

    /**
     * @param samples the finite-width sample (at least 2 values, not all equal)
     * @param law the limit to compare with
     * @param options bootstrap replicates, seed, threads
     * @param cancel polled between stages and bootstrap replicates
     * @return the summary
     */
    public static SampleSummary of(double[] samples, LawTable law, SummaryOptions options, Cancellation cancel) {
        int n = samples.length;
        if (n < 2) {
            throw new InvalidInputException("a summary needs at least 2 samples, got " + n);
        }
        double[] sorted = samples.clone();
        Arrays.parallelSort(sorted);
        if (!Double.isFinite(sorted[0]) || !Double.isFinite(sorted[n - 1])) {
            throw new InvalidInputException("the samples contain a non-finite value");
        }
        if (sorted[0] == sorted[n - 1]) {
            throw new InvalidInputException("all " + n + " samples equal " + sorted[0]
                    + ": no spread to compare with the limit");
        }
        TabulatedLaw table = law.table();
        DoubleUnaryOperator cdf = table::cdf;
        Moments m = Moments.of(samples);
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.testSorted(sorted, cdf, ALPHA);
        double w1 = Wasserstein.distanceSorted(sorted, cdf, table.lower(), table.upper());
        Map<String, String> missing = new LinkedHashMap<>();
        Builder b = new Builder(n, m, ks, w1, options.bootstrap(), missing);
        if (options.bootstrap() == 0) {
            missing.put("w1_ci95_bootstrap_se", "--bootstrap 0");
            missing.put("kl_kde_ci95_bootstrap_se", "--bootstrap 0");
        }
        if (cancel.isCancelled()) {
            return b.skip(INTERRUPTED, "kl_kde", "kl_kde_ci95_bootstrap_se", "kl_kde_vs_limit_density", "kl_kde_padded",
                    "noise_floor", "w1_ci95_bootstrap_se");
        }
        double[] ref = law.law().sample(n, new ParallelSampler(options.seed() + 1, ParallelSampler.DEFAULT_CHUNK,
                options.threads()));
        double[] ref2 = law.law().sample(n, new ParallelSampler(options.seed() + 2, ParallelSampler.DEFAULT_CHUNK,
                options.threads()));
        if (cancel.isCancelled() || ref.length < n || ref2.length < n) {
            return b.skip(INTERRUPTED, "kl_kde", "kl_kde_ci95_bootstrap_se", "kl_kde_vs_limit_density", "kl_kde_padded",
                    "noise_floor", "w1_ci95_bootstrap_se");
        }
        // The paper's grid spans the union of the finite-width and the limit sample.
        double[] grid = KdeKl.paperGrid(Math.min(sorted[0], min(ref)), Math.max(sorted[n - 1], max(ref)));
        double hp = KernelDensity.scottBandwidth(samples);
        double hq = KernelDensity.scottBandwidth(ref);
        double h2 = KernelDensity.scottBandwidth(ref2);
        BinnedKde kde = BinnedKde.on(grid, Math.min(hp, Math.min(hq, h2)), Math.max(hp, Math.max(hq, h2)));
        double[] p = kde.evaluate(kde.bin(samples), n, hp);
        double[] q = kde.evaluate(kde.bin(ref), n, hq);
        double[] density = KdeKl.densityOn(grid, table::pdf);
        b.klKde = KdeKl.discrete(grid, p, q);
        b.klDensity = KdeKl.discrete(grid, p, density);
        b.klPadded = KdeKl.padded(samples, ref);
        if (cancel.isCancelled()) {
            return b.skip(INTERRUPTED, "noise_floor", "kl_kde_ci95_bootstrap_se", "w1_ci95_bootstrap_se");
        }
        double[] sorted2 = ref2.clone();
        Arrays.parallelSort(sorted2);
        double[] p2 = kde.evaluate(kde.bin(ref2), n, h2);
        b.floor = new Floor(KolmogorovSmirnov.distanceSorted(sorted2, cdf),
                Wasserstein.distanceSorted(sorted2, cdf, table.lower(), table.upper()),
                KdeKl.discrete(grid, p2, q), KdeKl.discrete(grid, p2, density));
        if (options.bootstrap() == 0) {
            return b.build();
        }
        if (cancel.isCancelled()) {
            return b.skip(INTERRUPTED, "kl_kde_ci95_bootstrap_se", "w1_ci95_bootstrap_se");
        }
        SortedBootstrap.Result r = SortedBootstrap.run(sorted, cdf, table.lower(), table.upper(),
                new SortedBootstrap.KlTarget(grid, kde, q), options.bootstrap(), options.seed(), options.threads(), cancel);
        b.bootstrapDone = r.completed();
        // An SE from k replicates is uncertain by about 1/√(2(k − 1)): an interrupted bootstrap gives an
        // interval only from 20 replicates on (16%), or from all of them if fewer were asked for.
        if (r.completed() < Math.min(MIN_PARTIAL_REPLICATES, r.requested())) {
            return b.skip(INTERRUPTED + " after " + r.completed() + " of " + r.requested()
                    + " bootstrap replicates (an interval needs " + MIN_PARTIAL_REPLICATES + ")",
                    "kl_kde_ci95_bootstrap_se", "w1_ci95_bootstrap_se");
        }
        b.w1Interval = Bootstrap.normalInterval(w1, r.w1(), r.completed(), ALPHA);
        if (r.degenerateKl() == 0) {
            b.klKdeInterval = Bootstrap.normalInterval(b.klKde, r.kl(), r.completed(), ALPHA);
        } else {
            missing.put("kl_kde_ci95_bootstrap_se", r.degenerateKl() + " of " + r.completed()
                    + " resamples have all values equal (too few distinct samples for a KDE)");
        }
        if (r.completed() < r.requested()) {
            missing.put("bootstrap", "interrupted: intervals from " + r.completed() + " of " + r.requested()
                    + " replicates");
        }
        return b.build();
    }

    /**
     * @return the statistics by name, in report order (absent values are null); the keys are those of
     *     {@code simulate}'s output
     */
    public Map<String, Object> fields() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("variance", moments.variance());
        r.put("variance_se", moments.varianceSe());
        r.put("excess_kurtosis", moments.excessKurtosis());
        r.put("excess_kurtosis_se", moments.excessKurtosisSe());
        r.put("ks_distance", ks.distance());
        r.put("ks_pvalue", ks.pValue());
        r.put("ks_ci95_dkw", pair(ks.interval()));
        r.put("w1", w1);
        r.put("w1_ci95_bootstrap_se", pair(w1Interval));
        r.put("kl_kde", klKde);
        r.put("kl_kde_ci95_bootstrap_se", pair(klKdeInterval));
        r.put("kl_kde_vs_limit_density", klDensity);
        r.put("kl_kde_padded", klPadded);
        Map<String, Object> f = null;
        if (floor != null) {
            f = new LinkedHashMap<>();
            f.put("ks_distance", floor.ks());
            f.put("w1", floor.w1());
            f.put("kl_kde", floor.klKde());
            f.put("kl_kde_vs_limit_density", floor.klDensity());
        }
        r.put("noise_floor", f);
        r.put("bootstrap_replicates", bootstrapDone);
        r.put("statistics", partial() ? "partial (interrupted)" : "complete");
        if (!notComputed.isEmpty()) {
            r.put("not_computed", new LinkedHashMap<>(notComputed));
        }
        return r;
    }

    private static double[] pair(Interval i) {
        return i == null ? null : new double[] {i.lower(), i.upper()};
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** Collects the stages as they finish. */
    private static final class Builder {
        private final int n;
        private final Moments m;
        private final KolmogorovSmirnov.Result ks;
        private final double w1;
        private final int requested;
        private final Map<String, String> missing;
        private Interval w1Interval;
        private Double klKde;
        private Interval klKdeInterval;
        private Double klDensity;
        private Double klPadded;
        private Floor floor;
        private int bootstrapDone;

        Builder(int n, Moments m, KolmogorovSmirnov.Result ks, double w1, int requested, Map<String, String> missing) {
            this.n = n;
            this.m = m;
            this.ks = ks;
            this.w1 = w1;
            this.requested = requested;
            this.missing = missing;
        }

        SampleSummary skip(String reason, String... names) {
            for (String name : names) {
                missing.putIfAbsent(name, reason);
            }
            return build();
        }

        SampleSummary build() {
            return new SampleSummary(n, m, ks, w1, w1Interval, klKde, klKdeInterval, klDensity, klPadded, floor,
                    bootstrapDone, requested, Collections.unmodifiableMap(new LinkedHashMap<>(missing)));
        }
    }
}
