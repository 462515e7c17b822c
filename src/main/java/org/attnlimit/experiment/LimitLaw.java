package org.attnlimit.experiment;

import org.attnlimit.limit.LimitReference;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.stats.TabulatedLaw;

/**
 * What a finite-width sample is compared with: the limit's tabulated CDF and density (for KS, W1 and
 * the KL against the density) and a sampler of the limit (the paper's Monte Carlo reference sample for
 * its KDE-KL, and the second sample of the noise floors).
 *
 * @param table the limit CDF and density
 * @param sampler draws limit samples, deterministic for the sampler's seed
 */
public record LimitLaw(TabulatedLaw table, Sampler sampler) {

    /** Draws {@code count} limit samples. */
    @FunctionalInterface
    public interface Sampler {
        /**
         * @param count number of samples
         * @param streams the seeded, chunked parallel sampler to draw with
         * @return the samples (shorter only if the run was cancelled)
         */
        double[] sample(int count, ParallelSampler streams);
    }

    /** @return the law of an attention layer's (or any) {@link LimitReference} */
    public static LimitLaw of(LimitReference reference) {
        return new LimitLaw(reference.table(), reference::sample);
    }
}
