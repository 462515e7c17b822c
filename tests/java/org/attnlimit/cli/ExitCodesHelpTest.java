package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command's --help ends with the same exit codes (3 only where the mathematics can say no). */
class ExitCodesHelpTest {
    @ParameterizedTest
    @ValueSource(strings = {"expect", "program", "limit", "simulate", "study", "reproduce", "verify", "theory", "tables"})
    void everyHelpStatesTheSameExitCodes(String command) {
        MainTest.Run r = MainTest.run(command, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Exit codes:", "  0   success", "  1   I/O or internal failure",
                "  2   bad input");
        assertThat(r.out().contains("  3   the mathematics said no")).isEqualTo(command.equals("verify"));
    }
}
