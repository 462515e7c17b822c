package org.attnlimit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.attnlimit.calculus.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * An answer that cannot be written is a failure (exit 1), not a success; a refusal of the engines is bad input
 * (exit 2) by its type, any other {@link IllegalArgumentException} an internal failure (exit 1).
 */
class OutputAndRefusalTest {

    /** Standard output as on a full disk or a closed descriptor: every write fails. */
    private static PrintWriter failingOut() {
        return new PrintWriter(new OutputStreamWriter(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        }, StandardCharsets.UTF_8), true);
    }

    private static MainTest.Run runWithFailingOut(String... args) {
        StringWriter err = new StringWriter();
        int code = Main.run(args, failingOut(), new PrintWriter(err));
        return new MainTest.Run(code, "", err.toString());
    }

    @Test
    void anAnswerThatCannotBeWrittenIsExit1ForEveryCommand() {
        String[][] commands = {
            {"expect", "--phi", "relu", "--moment", "1", "--numeric"},
            {"program", "theory/programs/crosswise.netsor"},
            {"limit", "--tokens", "2"},
            {"theory", "--format", "dot"},
            {"verify", "--list"},
            {"simulate", "--samples", "200", "--bootstrap", "0", "--width", "16"},
            {"--help"},
        };
        for (String[] args : commands) {
            MainTest.Run r = runWithFailingOut(args);
            assertThat(r.code()).as("%s; stderr %s", String.join(" ", args), r.err()).isEqualTo(1);
            assertThat(r.err()).contains("cannot write the output");
        }
    }

    @Test
    void refusalsAreMappedByType() {
        picocli.CommandLine cmd = Main.newCommandLine().getSubcommands().get("expect");
        StringWriter err = new StringWriter();
        cmd.setErr(new PrintWriter(err));
        assertThat(Main.report(cmd, new InvalidInputException("v must be >= 0, got -1"))).isEqualTo(2);
        assertThat(err.toString()).contains("attnlimit expect: v must be >= 0, got -1").doesNotContain("internal");
        err.getBuffer().setLength(0);
        // e.g. a library refusing what attnlimit passed it: attnlimit's failure, not the user's
        assertThat(Main.report(cmd, new IllegalArgumentException("dimension mismatch"))).isEqualTo(1);
        assertThat(err.toString()).contains("internal error");
    }

    @Test
    void theSharedOptionsCarryEachCommandsDefaultsInTheHelp() {
        MainTest.Run verify = MainTest.run("verify", "--help");
        assertThat(verify.out()).contains("--seed=S", "default: 20250601", "--format=FORMAT", "text, json, latex, markdown");
        MainTest.Run simulate = MainTest.run("simulate", "--help");
        assertThat(simulate.out()).contains("--seed=S", "default: 1", "text, json (default: text)", "--out=FILE");
        MainTest.Run tables = MainTest.run("tables", "--help");
        assertThat(tables.out()).contains("--out=DIR", "out/tables");
    }
}
