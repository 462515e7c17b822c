package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The assertions of {@link Hardening} can fail: each deliberately unclean output below is caught. */
class HardeningTest {

    @Test
    void nanInOutputIsCaught() {
        assertThatThrownBy(() -> Hardening.assertClean(new MainTest.Run(0, "  = NaN\n", ""), "expect"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void infinityInOutputIsCaughtUnlessTyped() {
        MainTest.Run r = new MainTest.Run(0, "variance = Infinity\n", "");
        assertThatThrownBy(() -> Hardening.assertClean(r, "limit", "--sigma-v", "1e200")).isInstanceOf(AssertionError.class);
        Hardening.assertClean(r, "limit", "--at", "Infinity");
    }

    @Test
    void stackTraceIsCaught() {
        MainTest.Run r = new MainTest.Run(1, "", "Exception in thread \"main\" java.lang.StackOverflowError\n"
                + "\tat org.attnlimit.program.ProgramParser.expression(ProgramParser.java:217)\n");
        assertThatThrownBy(() -> Hardening.assertClean(r, "program")).isInstanceOf(AssertionError.class);
    }

    @Test
    void internalErrorIsCaught() {
        MainTest.Run r = new MainTest.Run(1, "", "attnlimit simulate: internal error: java.io.UncheckedIOException\n");
        assertThatThrownBy(() -> Hardening.assertClean(r, "simulate")).isInstanceOf(AssertionError.class);
    }

    @Test
    void aTwoLineMessageOrAWrongCodeIsCaught() {
        // "simulate --version" exits 0 and prints to stdout: expecting a failure with code 2 must fail.
        assertThatThrownBy(() -> Hardening.fails(2, new String[] {"--version"}, "attnlimit"))
                .isInstanceOf(AssertionError.class);
    }
}
