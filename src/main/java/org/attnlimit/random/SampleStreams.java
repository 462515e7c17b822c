package org.attnlimit.random;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.commons.rng.ArbitrarilyJumpableUniformRandomProvider;
import org.apache.commons.rng.SplittableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Deterministic parallel sampling with one random stream per <em>sample</em>: sample {@code i} draws
 * from {@link #stream(long) stream(i)} and nothing else, so its value depends on the seed and on
 * {@code i} only — not on the thread count, not on how samples are grouped for scheduling, and not on
 * how many samples are asked for (the first {@code m} of {@code N} samples are the {@code m}-sample run).
 *
 * <p>Stream {@code i} is an {@code L64_X128_MIX} generator split off ({@link SplittableUniformRandomProvider#split})
 * with a seed read from a counter-based {@code PHILOX_4X64} generator jumped to position {@code 8i}
 * ({@link ArbitrarilyJumpableUniformRandomProvider#jump(double)}, O(1)). The counter-based source gives
 * any sample's seed without walking the others (what {@code jumps(k)} on an LXM generator cannot do
 * without O(i) work), and the LXM generator draws the sample's normals about four times faster than
 * Philox would. This glue is what Commons RNG leaves to the caller, hence this small class.
 *
 * <p>Cancellation follows the run's {@link Cancellation} token (cancelled by the CLI's Ctrl-C hook): no
 * new sample starts, and the result is the longest completed prefix of samples (also inside a block),
 * still exactly reproducible.
 *
 * @param seed the seed
 * @param threads worker threads (≥ 1); does not affect the result
 * @param cancellation the run's token (a fresh one unless given)
 */
public record SampleStreams(long seed, int threads, Cancellation cancellation) {

    /** Philox outputs reserved per sample for seeding its stream (L64_X128_MIX needs 4). */
    private static final double OUTPUTS_PER_SAMPLE = 8.0;

    /** Fills the values of one sample. */
    @FunctionalInterface
    public interface SampleTask {
        /**
         * @param rng this sample's own stream
         * @param out the output array (write only {@code out[offset..offset+stride)})
         * @param offset the first index of this sample's values
         */
        void fill(UniformRandomProvider rng, double[] out, int offset);
    }

    /** Streams with their own, never cancelled, token. */
    public SampleStreams(long seed, int threads) {
        this(seed, threads, Cancellation.create());
    }

    /** Validates the arguments. */
    public SampleStreams {
        if (cancellation == null) {
            throw new IllegalArgumentException("cancellation token is missing");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** @return the same streams polling the run's {@code token} (the numbers do not change) */
    public SampleStreams withCancellation(Cancellation token) {
        return new SampleStreams(seed, threads, token);
    }

    /** @return streams for {@code seed} using every available core */
    public static SampleStreams of(long seed) {
        return new SampleStreams(seed, Runtime.getRuntime().availableProcessors());
    }

    /** @return the same streams with another thread count (the numbers do not change) */
    public SampleStreams withThreads(int threadCount) {
        return new SampleStreams(seed, threadCount, cancellation);
    }

    /** @return the stream of sample {@code index} (0 ≤ index &lt; 2^50) */
    public UniformRandomProvider stream(long index) {
        if (index < 0 || index >= (1L << 50)) {
            throw new IllegalArgumentException("sample index must be in [0, 2^50), got " + index);
        }
        ArbitrarilyJumpableUniformRandomProvider counter =
                (ArbitrarilyJumpableUniformRandomProvider) RandomSource.PHILOX_4X64.create(seed);
        counter.jump(index * OUTPUTS_PER_SAMPLE);   // exact: index·8 < 2^53
        SplittableUniformRandomProvider template = (SplittableUniformRandomProvider) RandomSource.L64_X128_MIX.create(seed);
        return template.split(counter);
    }

    /**
     * Draws {@code count} samples of {@code stride} values each.
     *
     * @param count number of samples (≥ 0)
     * @param stride values per sample (≥ 1)
     * @param task fills one sample from its own stream
     * @param progress called with the number of samples completed so far (may be {@code null})
     * @return {@code count·stride} values, sample {@code i} at {@code [i·stride, (i+1)·stride)}; shorter only
     *     if cancelled (then a completed prefix of samples)
     */
    public double[] sample(int count, int stride, SampleTask task, LongConsumer progress) {
        if (count < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + count);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1, got " + stride);
        }
        if ((long) count * stride > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(count + " samples of " + stride + " values do not fit in one array");
        }
        double[] out = new double[count * stride];
        if (count == 0) {
            return out;
        }
        // Scheduling only (the numbers do not depend on it): about 16 blocks per thread for balance,
        // at most 1024 samples per block so that Ctrl-C and the progress bar respond.
        int block = Math.max(1, Math.min(1024, count / (16 * threads)));
        int blocks = (count + block - 1) / block;
        int report = Math.max(1, block / 16);   // progress every 1/16 block: slow samples still move the bar
        // Samples completed per block, in order from the block's start: a cancelled block keeps its prefix
        // (a block of slow samples may take seconds; Ctrl-C should not lose it).
        int[] filled = new int[blocks];
        AtomicLong completed = new AtomicLong();
        Runnable[] jobs = new Runnable[blocks];
        for (int b = 0; b < blocks; b++) {
            final int index = b;
            jobs[b] = () -> {
                int from = index * block;
                int to = Math.min(count, from + block);
                int reported = from;
                for (int i = from; i < to; i++) {
                    if (cancellation.isCancelled() || Thread.currentThread().isInterrupted()) {
                        return;   // interrupted: the caller (or Jobs' pool, on its caller's interrupt) abandons the run
                    }
                    task.fill(stream(i), out, i * stride);
                    filled[index] = i + 1 - from;
                    if (progress != null && (i + 1 - reported >= report || i + 1 == to)) {
                        progress.accept(completed.addAndGet(i + 1 - reported));
                        reported = i + 1;
                    }
                }
            };
        }
        run(jobs);
        // Every job was awaited by Jobs.run (Future.get), so its writes to filled and out are visible here.
        int kept = 0;
        for (int b = 0; b < blocks; b++) {
            int size = Math.min(count, (b + 1) * block) - b * block;
            kept += filled[b];
            if (filled[b] < size) {
                break;
            }
        }
        if (kept == count) {
            return out;
        }
        return java.util.Arrays.copyOf(out, kept * stride);
    }

    private void run(Runnable[] jobs) {
        Jobs.run(jobs, threads, cancellation, "attnlimit-sample");
    }
}
