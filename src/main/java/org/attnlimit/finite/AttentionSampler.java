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

    /**
     * Per-head conditional variances, for testing the heads' independence (Theorem 3.1: the limit scores
     * {@code p̊^a} of different heads are independent, so the limit's {@code V_a = σ_O²σ_V²(s^a)ᵀKs^a},
     * {@code s^a = softmax(p̊^a)}, are iid). Per sample, {@code V_a} is the variance of head {@code a}'s term
     * {@code Σ_j s^a_j u^a_j} of {@code y} given what the sampler drew before its last Gaussian (see the
     * implementation); in every sampler its law given the tokens and the scores is that of
     * {@code σ_O²σ_V²(s^a)ᵀΓs^a·χ²_d/d}, {@code Γ = XXᵀ/n}, so the samplers' draws of {@code V_a} agree in law at
     * each n. At finite n the heads share {@code Γ}: given it they are iid, so
     * {@code Cov(V_a, V_b) = Var E[V_1 | Γ] = O(1/n) ≥ 0}.
     *
     * @return {@code count·H} values, sample-major (sample {@code i}'s heads at {@code [i·H, (i+1)·H)}); a
     *     prefix of whole samples if cancelled
     */
    double[] sampleHeadVariances(int count, ParallelSampler sampler);

    /** @return one sample drawn from {@code rng} (convenience for tests and benchmarks) */
    default double sampleOne(Readout readout, UniformRandomProvider rng) {
        double[] one = new double[1];
        task(readout).fill(rng, one, 0, 1);
        return one[0];
    }
}
