package org.attnlimit.stats;

/**
 * Everything that compares a finite-width sample with the limit: moments, Kolmogorov–Smirnov (with
 * p-value), Wasserstein-1 and the paper's KDE-KL, each with an interval (DKW for KS, ±1.96 bootstrap
 * standard errors for W1 and KL) and the estimator's noise floor — its value for a sample of the limit
 * itself, of the same size — so that a distance at the floor reads as "not resolved", not as 0.
 *
 * @param moments variance and excess kurtosis of the finite-width sample
 * @param ks KS distance, p-value and DKW interval (95%)
 * @param w1 W1 with its bootstrap-SE interval (95%; degenerate when no bootstrap was asked)
 * @param klKde the paper's KL(KDE finite ‖ KDE limit sample), with its bootstrap interval
 * @param klDensity KL(KDE finite ‖ limit density)
 * @param floor the same estimators for a second limit sample in place of the finite one
 */
public record Comparison(Moments moments, KolmogorovSmirnov.Result ks, Interval w1, Interval klKde,
        double klDensity, Floor floor) {

    /**
     * Noise floors: the estimators applied to a limit sample of the same size.
     *
     * @param ks KS distance
     * @param w1 W1
     * @param klKde KDE-KL between two independent limit samples
     * @param klDensity KL(KDE limit ‖ limit density)
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
     */
    public static Comparison of(double[] finite, double[] limitSample, double[] limitSample2, TabulatedLaw law,
            int replicates, long seed) {
        Moments m = Moments.of(finite);
        KolmogorovSmirnov.Result ks = KolmogorovSmirnov.test(finite, law::cdf, 0.05);
        double w1 = Wasserstein.distance(finite, law::cdf, law.lower(), law.upper());
        double kl = KdeKl.estimate(finite, limitSample);
        Interval w1Ci = new Interval(w1, w1, w1, 0);
        Interval klCi = new Interval(kl, kl, kl, 0);
        if (replicates > 0) {
            w1Ci = Bootstrap.interval(finite, x -> Wasserstein.distance(x, law::cdf, law.lower(), law.upper()),
                    replicates, 0.05, seed);
            klCi = Bootstrap.interval(finite, x -> KdeKl.estimate(x, limitSample), replicates, 0.05, seed + 1);
        }
        double klDensity = KdeKl.againstDensity(finite, law::pdf);
        Floor floor = new Floor(KolmogorovSmirnov.distance(limitSample2, law::cdf),
                Wasserstein.distance(limitSample2, law::cdf, law.lower(), law.upper()),
                KdeKl.estimate(limitSample2, limitSample), KdeKl.againstDensity(limitSample2, law::pdf));
        return new Comparison(m, ks, w1Ci, klCi, klDensity, floor);
    }
}
