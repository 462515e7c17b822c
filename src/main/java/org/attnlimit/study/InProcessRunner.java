package org.attnlimit.study;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiConsumer;
import org.attnlimit.random.Cancellation;

/** Runs blocks on this JVM's threads, one block per job (the numbers do not depend on the thread count). */
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
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, blocks.size()), r -> {
            Thread t = new Thread(r, "attnlimit-study");
            t.setDaemon(true);
            return t;
        });
        Object lock = new Object();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Block b : blocks) {
                futures.add(pool.submit(() -> {
                    if (cancel.isCancelled()) {
                        return;
                    }
                    double[] values = Blocks.compute(target, seed, b, cancel);
                    if (values != null) {
                        synchronized (lock) {
                            done.accept(b, values);
                        }
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.cancel();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
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
