package org.attnlimit.random;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.apache.commons.rng.JumpableUniformRandomProvider;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Deterministic parallel sampling: the result depends on the seed only, never on the thread count.
 *
 * <p>The sample indices {@code 0..count-1} are cut into fixed-size chunks; chunk {@code i} draws from
 * its own stream, the {@code i}-th jump of one {@code L64_X128_MIX} generator seeded with {@code seed}
 * (jumps give non-overlapping streams). Any thread may fill any chunk: the numbers in chunk {@code i}
 * are the same whichever thread fills it, and in whatever order. This is the pattern of Commons RNG's
 * {@code jumps(k)}; no library offers the chunked executor itself, hence this small class.
 *
 * <p>Cancellation (e.g. Ctrl-C) goes through the run's own {@link Cancellation} token, never JVM-global
 * state: once it is cancelled no new chunk starts; the result then holds the longest completed prefix of
 * chunks, so what is returned is still exactly reproducible.
 *
 * @param seed the seed
 * @param chunkSize samples per chunk (part of the reproducibility contract: same seed and chunk size,
 *     same numbers)
 * @param threads worker threads (≥ 1); does not affect the result
 * @param cancellation the run's token (a fresh one unless given: then nothing else can cancel this sampler)
 */
public record ParallelSampler(long seed, int chunkSize, int threads, Cancellation cancellation) {

    /** Default chunk size: large enough to amortise scheduling, small enough to balance load. */
    public static final int DEFAULT_CHUNK = 1024;

    /** Fills {@code out[from..to)} with samples drawn from {@code rng} only. */
    @FunctionalInterface
    public interface ChunkTask {
        /**
         * @param rng this chunk's own stream
         * @param out the output array (write only indices {@code from..to-1})
         * @param from first index, inclusive
         * @param to last index, exclusive
         */
        void fill(UniformRandomProvider rng, double[] out, int from, int to);
    }

    /** Validates the arguments. */
    public ParallelSampler {
        if (cancellation == null) {
            throw new IllegalArgumentException("cancellation token is missing");
        }
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
    }

    /** A sampler with its own, never cancelled, token. */
    public ParallelSampler(long seed, int chunkSize, int threads) {
        this(seed, chunkSize, threads, Cancellation.create());
    }

    /** @return a sampler using every available core and the default chunk size */
    public static ParallelSampler of(long seed) {
        return new ParallelSampler(seed, DEFAULT_CHUNK, Runtime.getRuntime().availableProcessors());
    }

    /** @return the same sampler with another thread count (the numbers do not change) */
    public ParallelSampler withThreads(int threadCount) {
        return new ParallelSampler(seed, chunkSize, threadCount, cancellation);
    }

    /** @return the same sampler with another chunk size (the numbers do change) */
    public ParallelSampler withChunkSize(int size) {
        return new ParallelSampler(seed, size, threads, cancellation);
    }

    /** @return the same sampler polling the run's {@code token} (the numbers do not change) */
    public ParallelSampler withCancellation(Cancellation token) {
        return new ParallelSampler(seed, chunkSize, threads, token);
    }

    /**
     * For chunk tasks whose single samples take long (the dense O(s·n²) sampler): throws
     * {@link java.util.concurrent.CancellationException} once this sampler's token is cancelled,
     * abandoning the chunk (it is not counted, so the result is still a completed prefix).
     */
    public void checkCancelled() {
        if (cancellation.isCancelled()) {
            throw new java.util.concurrent.CancellationException("cancelled");
        }
    }

    /** @return the stream of chunk {@code index} for this seed (useful for tests and single chunks) */
    public UniformRandomProvider stream(int index) {
        JumpableUniformRandomProvider root = (JumpableUniformRandomProvider) RandomSource.L64_X128_MIX.create(seed);
        return root.jumps(index + 1L).skip(index).findFirst().orElseThrow();
    }

    /**
     * Draws {@code count} samples.
     *
     * @param count number of samples (≥ 0)
     * @param task fills one chunk from its own stream
     * @param progress called with the number of samples completed so far (may be {@code null})
     * @return the samples; shorter than {@code count} only if cancelled (a completed prefix of chunks)
     */
    public double[] sample(int count, ChunkTask task, LongConsumer progress) {
        if (count < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, got " + count);
        }
        double[] out = new double[count];
        int chunks = (count + chunkSize - 1) / chunkSize;
        if (chunks == 0) {
            return out;
        }
        List<UniformRandomProvider> streams = new ArrayList<>(chunks);
        JumpableUniformRandomProvider root = (JumpableUniformRandomProvider) RandomSource.L64_X128_MIX.create(seed);
        root.jumps(chunks).forEach(streams::add);
        boolean[] done = new boolean[chunks];
        AtomicLong completed = new AtomicLong();
        Runnable[] jobs = new Runnable[chunks];
        for (int c = 0; c < chunks; c++) {
            final int chunk = c;
            jobs[c] = () -> {
                if (cancellation.isCancelled()) {
                    return;
                }
                int from = chunk * chunkSize;
                int to = Math.min(count, from + chunkSize);
                try {
                    task.fill(streams.get(chunk), out, from, to);
                } catch (java.util.concurrent.CancellationException e) {
                    return;   // abandoned mid-chunk (see checkCancelled): not part of the prefix
                }
                done[chunk] = true;
                long total = completed.addAndGet(to - from);
                if (progress != null) {
                    progress.accept(total);
                }
            };
        }
        run(jobs);
        int prefix = 0;
        while (prefix < chunks && done[prefix]) {
            prefix++;
        }
        if (prefix == chunks) {
            return out;
        }
        return java.util.Arrays.copyOf(out, Math.min(count, prefix * chunkSize));
    }

    private void run(Runnable[] jobs) {
        Jobs.run(jobs, threads, cancellation, "attnlimit-sampler");
    }
}
