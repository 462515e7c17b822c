package org.attnlimit.cli;

import static org.attnlimit.cli.Hardening.fails;

import org.junit.jupiter.api.Test;

/** {@code theory}: an unknown format. */
class TheoryHardeningTest {
    @Test
    void theoryRejectsAnUnknownFormat() {
        fails(2, new String[] {"theory", "--format", "pdf"}, "pdf");
    }
}
