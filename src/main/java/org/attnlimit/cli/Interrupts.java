package org.attnlimit.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.attnlimit.random.Cancellation;

/**
 * Ctrl-C handling for long commands: a JVM shutdown hook cancels the run's {@link Cancellation} token
 * (polled by its samplers, which keep their completed prefix, and by the statistics), then waits until
 * the command has written its partial output. Nothing JVM-global is set: a second run in the same JVM
 * has its own token.
 */
final class Interrupts implements AutoCloseable {
    private static final long WAIT_SECONDS = 60;
    private final CountDownLatch written = new CountDownLatch(1);
    private final Thread hook;
    private final Cancellation token = Cancellation.create();

    private Interrupts() {
        hook = new Thread(() -> {
            token.cancel();
            try {
                written.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "attnlimit-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return an installed hook; close it once the output is written */
    static Interrupts install() {
        return new Interrupts();
    }

    /** @return whether the run was interrupted */
    boolean interrupted() {
        return token.isCancelled();
    }

    /** @return this run's cancellation token, cancelled by Ctrl-C */
    Cancellation token() {
        return token;
    }

    @Override
    public void close() {
        written.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down (Ctrl-C): the hook is running and now released.
        }
    }
}
