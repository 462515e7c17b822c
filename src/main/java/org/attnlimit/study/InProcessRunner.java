package org.attnlimit.study;

import java.util.List;
import java.util.function.BiConsumer;
import org.attnlimit.random.Cancellation;
import org.attnlimit.random.Jobs;

/**
 * Runs blocks on this JVM's threads, one block per job of the project's job pool ({@link Jobs}); a block's numbers are
 * {@link Blocks#compute}'s whichever thread runs it, so the study does not depend on the thread count.
 */
public final class InProcessRunner implements BlockRunner {
    private final int threads;

    /** @param threads worker threads (≥ 1) */
    public InProcessRunner(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.threads = threads;
    }

    @Override
    public void run(StudyTarget target, long seed, List<Block> blocks, Cancellation cancel,
            BiConsumer<Block, double[]> done) {
        if (blocks.isEmpty()) {
            return;
        }
        Object lock = new Object();
        Runnable[] jobs = new Runnable[blocks.size()];
        for (int i = 0; i < jobs.length; i++) {
            Block b = blocks.get(i);
            jobs[i] = () -> {
                if (cancel.isCancelled()) {
                    return;
                }
                double[] values = Blocks.compute(target, seed, b, cancel);
                if (values != null) {
                    synchronized (lock) {
                        done.accept(b, values);
                    }
                }
            };
        }
        Jobs.run(jobs, threads, cancel, "attnlimit-study");
    }

    @Override
    public String describe() {
        return "in-process, " + threads + (threads == 1 ? " thread" : " threads");
    }

    @Override
    public void close() {
        // nothing to release: the pool lives for one run
    }
}
