package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.util.Locale;
import org.attnlimit.calculus.InvalidInputException;

/**
 * Up-front limits on what a run may ask for, so that an impossible request is refused in one line
 * (exit 2) instead of failing minutes later with an {@link OutOfMemoryError}.
 */
final class Budget {
    private Budget() {
    }

    /**
     * Refuses {@code count} items of {@code bytesPerItem} bytes each when they would not fit in the heap
     * this JVM may use ({@link Runtime#maxMemory()}, less a quarter kept for everything else).
     *
     * @param option the option that asked for them, e.g. {@code --samples}
     */
    static void requireMemory(String option, long count, long bytesPerItem) {
        long available = Runtime.getRuntime().maxMemory() / 4 * 3;
        double needed = (double) count * bytesPerItem;
        if (needed > available) {
            long most = available / bytesPerItem;
            throw new InvalidInputException(String.format(Locale.ROOT,
                    "%s %d needs about %.1f GB of memory, more than the %.1f GB this JVM may use; at most about %d"
                            + " (or raise -Xmx in ATTNLIMIT_JAVA_OPTS)",
                    option, count, needed / 1e9, available / 1e9, most));
        }
    }

    /** Tokens above which the limit's run time is announced, and above which the run is refused. */
    static final int WARN_TOKENS = 200;
    static final int MAX_TOKENS = 500;

    /**
     * The limit law's per-head integral over the (s−1)-dimensional score space costs about s² per
     * quasi-Monte Carlo point plus an s×s eigendecomposition; measured, the time grows like s^2.5 (2.7 s at
     * s = 100, 7 s at 200 on two cores; three times that under heavy load): says so on
     * {@code err} above {@link #WARN_TOKENS}, refuses above {@link #MAX_TOKENS} (about a minute) with the estimate.
     */
    static void requireTokens(String command, int s, java.io.PrintWriter err) {
        double seconds = 7.0 * Math.pow(s / 200.0, 2.5);
        if (s > MAX_TOKENS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--tokens %d: the limit law's per-head"
                    + " integral would take about %.0f s (its cost grows like s^2.5); at most %d tokens", s, seconds, MAX_TOKENS));
        }
        if (s > WARN_TOKENS) {
            err.printf(Locale.ROOT, "%s: s = %d tokens: the limit law takes about %.0f s%n", command, s, seconds);
            err.flush();
        }
    }

    /**
     * Resampled values the bootstrap may draw in all: replicates × samples (the default run: 200 × 50,000 = 1e7;
     * the cap, about an hour, is what Ctrl-C can still usefully cut short).
     */
    static final double MAX_BOOTSTRAP_DRAWS = 1e11;

    /**
     * Each bootstrap replicate resamples all {@code samples} values and recomputes W1 and the KDE-KL, so the
     * statistics cost about replicates × samples: refused with the estimate above {@link #MAX_BOOTSTRAP_DRAWS}.
     */
    static void requireBootstrap(int replicates, int samples) {
        // each replicate keeps its W1 and KL (and their sorted copies for the interval)
        requireMemory("--bootstrap", replicates, 4L * Double.BYTES);
        double draws = (double) replicates * samples;
        if (draws > MAX_BOOTSTRAP_DRAWS) {
            throw new InvalidInputException(String.format(Locale.ROOT, "--bootstrap %d with --samples %d resamples %.1e values"
                    + " (about %.0f minutes); at most %.0e in all, e.g. --bootstrap %d",
                    replicates, samples, draws, draws / SECONDS_PER_MINUTE / BOOTSTRAP_DRAWS_PER_SECOND, MAX_BOOTSTRAP_DRAWS,
                    (long) (MAX_BOOTSTRAP_DRAWS / samples)));
        }
    }

    private static final double SECONDS_PER_MINUTE = 60;
    /** Measured: resampled values per second of the bootstrap on two cores. */
    static final double BOOTSTRAP_DRAWS_PER_SECOND = 2e7;
}
