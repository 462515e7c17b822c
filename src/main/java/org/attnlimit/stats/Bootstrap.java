package org.attnlimit.stats;

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

    /** @return the statistic of the sample with its normal-form interval of level {@code 1 − alpha} */
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
        return normalInterval(statistic.applyAsDouble(sample), reps, reps.length, alpha);
    }

    /**
     * @param estimate the statistic of the sample
     * @param replicates bootstrap replicates (the first {@code count} are used, at least 2)
     * @param count number of replicates to use
     * @param alpha 1 − level
     * @return {@code estimate ± z_{1−α/2}·SE}, SE the replicates' standard deviation, the lower end clipped at 0
     */
    public static Interval normalInterval(double estimate, double[] replicates, int count, double alpha) {
        if (count < 2) {
            throw new IllegalArgumentException("a bootstrap interval needs at least 2 replicates, got " + count);
        }
        double mean = 0;
        for (int b = 0; b < count; b++) {
            mean += replicates[b];
        }
        mean /= count;
        double ss = 0;
        for (int b = 0; b < count; b++) {
            ss += (replicates[b] - mean) * (replicates[b] - mean);
        }
        double se = Math.sqrt(ss / (count - 1));
        double z = new org.hipparchus.distribution.continuous.NormalDistribution(0, 1)
                .inverseCumulativeProbability(1 - alpha / 2);
        return new Interval(estimate, Math.max(0.0, estimate - z * se), estimate + z * se, 1 - alpha);
    }
}
