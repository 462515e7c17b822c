package org.attnlimit.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * Progress of a long run on stderr, silent for the first two seconds (short runs print nothing). On a
 * terminal: a bar redrawn at most five times a second. Anywhere else (a log file, a pipe, a test's writer):
 * one line for the stage, never bar frames. Thread-safe: samplers report from any thread.
 */
final class ProgressBar implements LongConsumer {
    private static final long QUIET_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, String label, long total) {
        this(err, label, total, stderrIsTerminal());
    }

    ProgressBar(PrintWriter err, String label, long total, boolean terminal) {
        this.err = err;
        this.label = label;
        this.total = total;
        this.terminal = terminal;
    }

    /**
     * @return whether file descriptor 2 is a terminal (on Linux its link names a tty or pts device); false
     *         where that cannot be told
     */
    static boolean stderrIsTerminal() {
        try {
            String target = java.nio.file.Files.readSymbolicLink(java.nio.file.Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (java.io.IOException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public synchronized void accept(long done) {
        long now = System.nanoTime();
        if (now - start < QUIET_NANOS || (now - lastDraw < REDRAW_NANOS && done < total)) {
            return;
        }
        double seconds = (now - start) / 1e9;
        if (!terminal) {
            if (!drawn && done < total) {
                err.printf(Locale.ROOT, "%s: drawing %d samples (%d after %.0f s; about %.0f s left)%n", label, total, done,
                        seconds, done > 0 ? seconds * (total - done) / done : 0.0);
                err.flush();
                drawn = true;
            }
            return;
        }
        lastDraw = now;
        drawn = true;
        int width = 30;
        int filled = (int) (width * done / Math.max(1, total));
        double eta = done > 0 ? seconds * (total - done) / done : 0;
        err.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.0fs elapsed, ~%.0fs left ", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, seconds, eta);
        err.flush();
    }

    /** Ends the bar's line if anything was drawn on a terminal. */
    synchronized void finish() {
        if (drawn && terminal) {
            err.println();
            err.flush();
        }
    }
}
