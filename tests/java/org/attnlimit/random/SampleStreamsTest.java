package org.attnlimit.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SampleStreamsTest {
    private static final SampleStreams.SampleTask TWO_NUMBERS = (rng, out, offset) -> {
        out[offset] = rng.nextDouble();
        out[offset + 1] = rng.nextLong();
    };

    @Test
    void sampleIDependsOnTheSeedAndIOnly() {
        double[] one = new SampleStreams(4L, 1).sample(5000, 2, TWO_NUMBERS, null);
        double[] three = new SampleStreams(4L, 3).sample(5000, 2, TWO_NUMBERS, null);
        double[] fewer = new SampleStreams(4L, 2).sample(777, 2, TWO_NUMBERS, null);
        assertThat(three).containsExactly(one);
        assertThat(fewer).containsExactly(Arrays.copyOf(one, 2 * 777));
        assertThat(new SampleStreams(5L, 2).sample(10, 2, TWO_NUMBERS, null)[0]).isNotEqualTo(one[0]);
        // distinct samples get distinct streams
        assertThat(Arrays.stream(one).distinct().count()).isEqualTo(one.length);
    }

    @Test
    void cancellationKeepsACompletedPrefix() {
        double[] full = new SampleStreams(8L, 2).sample(20_000, 2, TWO_NUMBERS, null);
        Cancellation token = Cancellation.create();
        double[] partial = new SampleStreams(8L, 2, token).sample(20_000, 2, (rng, out, offset) -> {
            if (offset == 2 * 3000) {
                token.cancel();
            }
            TWO_NUMBERS.fill(rng, out, offset);
        }, null);
        assertThat(partial.length).isLessThan(full.length);
        assertThat(partial).containsExactly(Arrays.copyOf(full, partial.length));
    }

    /**
     * One thread, 16 384 samples: blocks of 1024. Cancelled while filling sample 500 of the first block,
     * the run keeps samples 0..500 (before: nothing, as the block was not complete — a slow dense program
     * interrupted after seconds reported "nothing drawn").
     */
    @Test
    void cancellationInsideABlockKeepsTheSamplesDoneInIt() {
        double[] full = new SampleStreams(8L, 1).sample(16_384, 2, TWO_NUMBERS, null);
        Cancellation token = Cancellation.create();
        double[] partial = new SampleStreams(8L, 1, token).sample(16_384, 2, (rng, out, offset) -> {
            if (offset == 2 * 500) {
                token.cancel();
            }
            TWO_NUMBERS.fill(rng, out, offset);
        }, null);
        assertThat(partial).hasSize(2 * 501).containsExactly(Arrays.copyOf(full, 2 * 501));
    }

    @Test
    void badArgumentsAreRejected() {
        assertThatThrownBy(() -> new SampleStreams(1L, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleStreams.of(1L).stream(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SampleStreams.of(1L).sample(-1, 1, TWO_NUMBERS, null)).isInstanceOf(IllegalArgumentException.class);
    }
}
