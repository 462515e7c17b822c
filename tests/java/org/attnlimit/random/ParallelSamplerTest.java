package org.attnlimit.random;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.junit.jupiter.api.Test;

class ParallelSamplerTest {

    private static final ParallelSampler.ChunkTask GAUSSIAN = (rng, out, from, to) -> {
        ZigguratSampler.NormalizedGaussian g = ZigguratSampler.NormalizedGaussian.of(rng);
        for (int i = from; i < to; i++) {
            out[i] = g.sample();
        }
    };

    @Test
    void sameSeedSameNumbersWhateverTheThreadCount() {
        ParallelSampler s = new ParallelSampler(7, 100, 1);
        double[] one = s.sample(10_001, GAUSSIAN, null);
        double[] two = s.withThreads(2).sample(10_001, GAUSSIAN, null);
        double[] eight = s.withThreads(8).sample(10_001, GAUSSIAN, null);
        assertThat(two).containsExactly(one);
        assertThat(eight).containsExactly(one);
    }

    @Test
    void differentSeedsDiffer() {
        double[] a = new ParallelSampler(1, 100, 2).sample(1000, GAUSSIAN, null);
        double[] b = new ParallelSampler(2, 100, 2).sample(1000, GAUSSIAN, null);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void chunksUseDistinctStreams() {
        double[] x = new ParallelSampler(3, 10, 1).sample(20, GAUSSIAN, null);
        assertThat(java.util.Arrays.copyOfRange(x, 0, 10)).isNotEqualTo(java.util.Arrays.copyOfRange(x, 10, 20));
    }

    @Test
    void streamMatchesChunk() {
        ParallelSampler s = new ParallelSampler(5, 10, 1);
        double[] x = s.sample(30, GAUSSIAN, null);
        double[] chunk2 = new double[10];
        GAUSSIAN.fill(s.stream(2), chunk2, 0, 10);
        assertThat(java.util.Arrays.copyOfRange(x, 20, 30)).containsExactly(chunk2);
    }

    @Test
    void cancellationIsPerRunAndKeepsACompletedPrefix() {
        Cancellation token = Cancellation.create();
        ParallelSampler cancelled = new ParallelSampler(9, 100, 1).withCancellation(token);
        double[] full = new ParallelSampler(9, 100, 1).sample(2000, GAUSSIAN, null);
        double[] partial = cancelled.sample(2000, (rng, out, from, to) -> {
            GAUSSIAN.fill(rng, out, from, to);
            if (from == 500) {
                token.cancel();
            }
        }, null);
        // one thread: chunks 0..5 finish (chunk 5 cancels after drawing), then nothing starts
        assertThat(partial).containsExactly(java.util.Arrays.copyOf(full, 600));
        // another run's sampler is not affected (no JVM-global flag), before or after
        assertThat(new ParallelSampler(9, 100, 2).sample(2000, GAUSSIAN, null)).containsExactly(full);
        assertThat(cancelled.withThreads(2).sample(2000, GAUSSIAN, null)).isEmpty();
    }
}
