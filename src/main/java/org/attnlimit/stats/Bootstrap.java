package org.attnlimit.stats;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Bootstrap interval of a statistic of one sample (Efron 1979): resample with replacement {@code B}
 * times and use the replicates' standard deviation as the standard error, giving
 * {@code θ̂ ± z_{1−α/2}·SE} (clipped at 0 for a distance). The normal form, not the percentile form,
 * because a distance estimated near its noise floor is biased upward under resampling, which pushes a
 * percentile interval off the estimate; the spread is still a fair SE. Seeded, so a report is
 * reproducible.
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
        double est = statistic.applyAsDouble(sample);
        double mean = Arrays.stream(reps).average().orElseThrow();
        double ss = 0;
        for (double r : reps) {
            ss += (r - mean) * (r - mean);
        }
        double se = Math.sqrt(ss / Math.max(1, replicates - 1));
        double z = new org.hipparchus.distribution.continuous.NormalDistribution(0, 1)
                .inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(est, Math.max(0.0, est - z * se), est + z * se, 1 - alpha);
    }
}
