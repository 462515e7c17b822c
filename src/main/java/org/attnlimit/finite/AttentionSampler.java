package org.attnlimit.finite;

import java.util.function.LongConsumer;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.ParallelSampler;
import org.apache.commons.rng.UniformRandomProvider;

/**
 * A sampler of one scalar of the finite-width attention layer (Example 3.1, Appendix B).
 * Implementations are immutable; per-chunk scratch space lives in the {@link ParallelSampler.ChunkTask}
 * they return, so a run depends on the seed only, whatever the thread count.
 */
public interface AttentionSampler {

    /** @return the layer simulated */
    LayerSpec spec();

    /** @return a chunk task drawing independent copies of {@code readout} (fresh weights per sample) */
    ParallelSampler.ChunkTask task(Readout readout);

    /**
     * @return the chunk task of {@link #task(Readout)}, abandoning a long sample once {@code cancellation} is
     *     cancelled (samplers whose samples are quick ignore the token: the sampler polls it between chunks)
     */
    default ParallelSampler.ChunkTask task(Readout readout, Cancellation cancellation) {
        return task(readout);
    }

    /** @return {@code count} samples of the output {@code y^1_1} */
    default double[] sample(int count, ParallelSampler sampler) {
        return sample(count, Readout.OUTPUT, sampler, null);
    }

    /**
     * @param progress receives the number of completed samples (may be {@code null})
     * @return {@code count} samples of {@code readout}; a completed prefix if cancelled
     */
    default double[] sample(int count, Readout readout, ParallelSampler sampler, LongConsumer progress) {
        return sampler.sample(count, task(readout, sampler.cancellation()), progress);
    }

    /** @return one sample drawn from {@code rng} (convenience for tests and benchmarks) */
    default double sampleOne(Readout readout, UniformRandomProvider rng) {
        double[] one = new double[1];
        task(readout).fill(rng, one, 0, 1);
        return one[0];
    }
}
