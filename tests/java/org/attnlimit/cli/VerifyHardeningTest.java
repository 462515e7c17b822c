package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.attnlimit.cli.Hardening.fails;

import org.junit.jupiter.api.Test;

/** {@code verify}: empty, impossible and contradictory requests are refused before any work. */
class VerifyHardeningTest {
    @Test
    void verifyRejectsEmptyAndImpossibleRequests() {
        long start = System.nanoTime();
        fails(2, new String[] {"verify", "--check", ","}, "--check needs check names");
        fails(2, new String[] {"verify", "--check", "no-such-check"}, "unknown check 'no-such-check'");
        fails(2, new String[] {"verify", "--widths", "2147483647"}, "--widths: at most 16384");
        fails(2, new String[] {"verify", "--widths", "64,16"}, "widths must be increasing");
        fails(2, new String[] {"verify", "--samples", "10"}, "--samples must be >= 1000");
        fails(2, new String[] {"verify", "--samples", "2000000000"}, "needs about");
        fails(2, new String[] {"verify", "--threads", "0"}, "--threads must be >= 1");
        fails(2, new String[] {"verify", "--format", "yaml"}, "unknown format 'yaml'");
        assertThat((System.nanoTime() - start) / 1e9).as("all refused before any work").isLessThan(20);
    }
}
