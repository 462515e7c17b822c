package org.attnlimit.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Percentile bootstrap interval of a statistic of one sample (Efron 1979): resample with replacement
 * {@code B} times, take the {@code α/2} and {@code 1 − α/2} empirical quantiles of the replicates.
 * Seeded, so a report is reproducible.
 */
public final class Bootstrap {
    private Bootstrap() {
    }

    /** @return the statistic of the sample with its percentile interval of level {@code 1 − alpha} */
    public static Interval interval(double[] sample, ToDoubleFunction<double[]> statistic, int replicates,
            double alpha, long seed) {
        UniformRandomProvider rng = RandomSource.L64_X128_MIX.create(seed);
        double[] reps = new double[replicates];
        double[] resample = new double[sample.length];
        for (int b = 0; b < replicates; b++) {
            for (int i = 0; i < sample.length; i++) {
                resample[i] = sample[rng.nextInt(sample.length)];
            }
            reps[b] = statistic.applyAsDouble(resample);
        }
        Arrays.sort(reps);
        double est = statistic.applyAsDouble(sample);
        return new Interval(est, quantile(reps, alpha / 2), quantile(reps, 1 - alpha / 2), 1 - alpha);
    }

    /** @return the type-7 (linear) empirical quantile of sorted data */
    static double quantile(double[] sorted, double p) {
        double h = (sorted.length - 1) * p;
        int i = (int) Math.floor(h);
        if (i >= sorted.length - 1) {
            return sorted[sorted.length - 1];
        }
        return sorted[i] + (h - i) * (sorted[i + 1] - sorted[i]);
    }
}
