package org.attnlimit.cli;

import java.io.PrintWriter;
import java.util.function.LongConsumer;

/**
 * A progress bar on stderr for long runs: silent for the first two seconds (short runs print
 * nothing), then redrawn at most five times a second. Thread-safe: samplers report from any thread.
 */
final class ProgressBar implements LongConsumer {
    private static final long QUIET_NANOS = 2_000_000_000L;
    private static final long REDRAW_NANOS = 200_000_000L;
    private final PrintWriter err;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    ProgressBar(PrintWriter err, String label, long total) {
        this.err = err;
        this.label = label;
        this.total = total;
    }

    @Override
    public synchronized void accept(long done) {
        long now = System.nanoTime();
        if (now - start < QUIET_NANOS || (now - lastDraw < REDRAW_NANOS && done < total)) {
            return;
        }
        lastDraw = now;
        drawn = true;
        int width = 30;
        int filled = (int) (width * done / Math.max(1, total));
        double seconds = (now - start) / 1e9;
        double eta = done > 0 ? seconds * (total - done) / done : Double.NaN;
        err.printf("\r%s [%s%s] %d/%d  %.0fs elapsed, ~%.0fs left ", label, "#".repeat(filled),
                " ".repeat(width - filled), done, total, seconds, eta);
        err.flush();
    }

    /** Ends the line if anything was drawn. */
    synchronized void finish() {
        if (drawn) {
            err.println();
            err.flush();
        }
    }
}
