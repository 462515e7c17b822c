package org.attnlimit.experiment;

import org.attnlimit.calculus.InvalidInputException;

/**
 * How {@link SampleSummary} works.
 *
 * @param bootstrap bootstrap replicates for the W1 and KL intervals (0: no intervals)
 * @param seed the run's seed: limit samples use {@code seed + 1} and {@code seed + 2}, the bootstrap {@code seed}
 * @param threads worker threads (the numbers do not depend on it)
 */
public record SummaryOptions(int bootstrap, long seed, int threads) {

    /** Validates the options. */
    public SummaryOptions {
        if (bootstrap < 0 || bootstrap == 1) {
            throw new InvalidInputException("the bootstrap needs 0 replicates (no intervals) or at least 2, got "
                    + bootstrap);
        }
        if (threads < 1) {
            throw new InvalidInputException("threads must be >= 1, got " + threads);
        }
    }

    /** @return 200 replicates on every core */
    public static SummaryOptions defaults(long seed) {
        return new SummaryOptions(200, seed, Runtime.getRuntime().availableProcessors());
    }
}
