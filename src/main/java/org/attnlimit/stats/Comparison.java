package org.attnlimit.stats;

import java.util.Arrays;
import org.attnlimit.random.Cancellation;

/**
 * The comparison of a finite-width sample with the limit given limit samples already drawn: moments,
 * KS (DKW interval), W1 and the paper's KDE-KL ({@link KdeKl}, on the grid spanning the finite-width and
 * the first limit sample) with ±1.96 bootstrap-SE intervals, the KL against the limit density, and noise
 * floors from the second limit sample.
 *
 * @deprecated kept so that callers written against the earlier API still compile; use
 *     {@code experiment.SampleSummary}, which also draws the limit samples, obeys a cancellation token and
 *     omits intervals it did not compute (here they are degenerate, estimate = lower = upper, level 0).
 * @param moments variance and excess kurtosis of the finite-width sample
 * @param ks KS distance, p-value and DKW interval (95%)
 * @param w1 W1 with its bootstrap-SE interval (95%; degenerate when no bootstrap was asked)
 * @param klKde the paper's KL(KDE finite ‖ KDE limit sample), with its bootstrap interval
 * @param klDensity the paper's formula with the limit density in place of the limit KDE
 * @param floor the same estimators for a second limit sample in place of the finite one
 */
@Deprecated
public record Comparison(Moments moments, KolmogorovSmirnov.Result ks, Interval w1, Interval klKde,
        double klDensity, Floor floor) {

    /**
     * Noise floors: the estimators applied to a limit sample of the same size.
     *
     * @param ks KS distance
     * @param w1 W1
     * @param klKde the paper's KL between two independent limit samples
     * @param klDensity the paper's formula, second limit sample against the limit density
     */
    public record Floor(double ks, double w1, double klKde, double klDensity) {
    }

    /**
     * @param finite the finite-width sample
     * @param limitSample a limit sample (the paper's Monte Carlo reference density), same size
     * @param limitSample2 an independent limit sample of the same size (for the floors)
     * @param law the limit's tabulated CDF and density
     * @param replicates bootstrap replicates for the W1 and KL intervals (0: none)
     * @param seed bootstrap seed
     * @return the comparison
     */
    public static Comparison of(double[] finite, double[] limitSample, double[] limitSample2, TabulatedLaw law,
            int replicates, long seed) {
        double[] sorted = finite.clone();
        Arrays.parallelSort(sorted);
        double[] sorted2 = limitSample2.clone();
        Arrays.parallelSort(sorted2);
        Moments m = Moments.of(finite);
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.testSorted(sorted, law::cdf, 0.05);
        double w1 = Wasserstein.distanceSorted(sorted, law::cdf, law.lower(), law.upper());
        double[] grid = KdeKl.paperGrid(finite, limitSample);
        double hp = KernelDensity.scottBandwidth(finite);
        double hq = KernelDensity.scottBandwidth(limitSample);
        double h2 = KernelDensity.scottBandwidth(limitSample2);
        BinnedKde kde = BinnedKde.on(grid, Math.min(hp, Math.min(hq, h2)), Math.max(hp, Math.max(hq, h2)));
        double[] p = kde.evaluate(kde.bin(finite), finite.length, hp);
        double[] q = kde.evaluate(kde.bin(limitSample), limitSample.length, hq);
        double[] p2 = kde.evaluate(kde.bin(limitSample2), limitSample2.length, h2);
        double[] density = KdeKl.densityOn(grid, law::pdf);
        double kl = KdeKl.discrete(grid, p, q);
        Interval w1Ci = new Interval(w1, w1, w1, 0);
        Interval klCi = new Interval(kl, kl, kl, 0);
        if (replicates >= 2) {
            SortedBootstrap.Result r = SortedBootstrap.run(sorted, law::cdf, law.lower(), law.upper(),
                    new SortedBootstrap.KlTarget(grid, kde, q), replicates, seed,
                    Runtime.getRuntime().availableProcessors(), Cancellation.create());
            w1Ci = Bootstrap.normalInterval(w1, r.w1(), r.completed(), 0.05);
            if (r.degenerateKl() == 0) {
                klCi = Bootstrap.normalInterval(kl, r.kl(), r.completed(), 0.05);
            }
        }
        Floor floor = new Floor(KolmogorovSmirnov.distanceSorted(sorted2, law::cdf),
                Wasserstein.distanceSorted(sorted2, law::cdf, law.lower(), law.upper()),
                KdeKl.discrete(grid, p2, q), KdeKl.discrete(grid, p2, density));
        return new Comparison(m, ks, w1Ci, klCi, KdeKl.discrete(grid, p, density), floor);
    }
}
