package org.attnlimit.random;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A run's cancellation token: one per command run (not JVM-global), cancelled once (e.g. by the
 * Ctrl-C hook) and polled by long loops, which then stop at their next check and return what they
 * have, labelled as partial. Thread-safe.
 */
public final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();

    private Cancellation() {
    }

    /** @return a fresh, not yet cancelled token */
    public static Cancellation create() {
        return new Cancellation();
    }

    /** Asks every loop polling this token to stop. */
    public void cancel() {
        cancelled.set(true);
    }

    /** @return whether {@link #cancel()} was called */
    public boolean isCancelled() {
        return cancelled.get();
    }
}
