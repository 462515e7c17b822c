package org.attnlimit.cli;

import java.util.Locale;

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
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%s %d needs about %.1f GB of memory, more than the %.1f GB this JVM may use; at most about %d"
                            + " (or raise -Xmx in ATTNLIMIT_JAVA_OPTS)",
                    option, count, needed / 1e9, available / 1e9, most));
        }
    }
}
