package org.attnlimit.random;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a run's fixed jobs on at most {@code threads} daemon threads, the one pool of {@link ParallelSampler},
 * {@link SampleStreams} and a study's in-process blocks. Which job computes what is fixed by the caller, so the result
 * does not depend on the thread count. An interrupt of the waiting thread cancels the run — also when the jobs run in
 * the caller's own thread (one thread or one job), where it is looked at between jobs — so a run abandoned by its
 * caller (a test past its time limit, whose thread JUnit interrupts) stops instead of computing on; a job's exception
 * or error is rethrown as it is.
 */
public final class Jobs {
    private Jobs() {
    }

    /**
     * Runs every job (on this thread if {@code threads} is 1 or there is one job) and returns when all have ended.
     *
     * @param jobs the jobs; each should poll {@code cancellation} and return early once it is set
     * @param threads at most this many threads
     * @param cancellation cancelled if the waiting thread is interrupted
     * @param threadName the worker threads' name
     */
    public static void run(Runnable[] jobs, int threads, Cancellation cancellation, String threadName) {
        if (threads == 1 || jobs.length == 1) {
            for (Runnable job : jobs) {
                if (Thread.currentThread().isInterrupted()) {
                    cancellation.cancel();   // as in the pool below: an interrupt of the caller cancels the run
                    return;
                }
                job.run();
            }
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, jobs.length), r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>(jobs.length);
            for (Runnable job : jobs) {
                futures.add(pool.submit(job));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel();
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
}
