package org.attnlimit.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.report.ProgramReport;
import org.attnlimit.symbolic.SymjaClosedForms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code attnlimit program}: infinite-width covariances of a Netsor program (Definition 3.1). */
@Command(name = "program", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {
            "Infinite-width covariances of a Netsor program (Definition 3.1): the covariance of the MatMul",
            "outputs, the moments of the Nonlin outputs, and the Gaussian limit of the attention scores.",
            "The .netsor format is described in theory/programs/README.md; examples live there too.",
            "A malformed program, or one that breaks Assumption 3.1, is rejected with its line number (exit 2).",
            "--format latex adds closed forms (derived by Symja) for one-activation moments.",
            "",
            "Example:  attnlimit program theory/programs/attention-s2.netsor --format latex"
        })
public final class ProgramCommand implements Callable<Integer> {

    /** Output formats. */
    enum Format { text, latex, json }

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .netsor program")
    Path file;

    @Option(names = "--format", defaultValue = "text", description = "text, latex or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = {"--numeric", "--no-symbolic"},
            description = "LaTeX without closed forms (skips the computer algebra, ~2 s faster)")
    boolean numeric;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "budget per Symja evaluation before falling back to numbers (default: ${DEFAULT-VALUE})")
    int timeoutSeconds;

    @Override
    public Integer call() {
        org.attnlimit.calculus.Require.atLeast("--timeout", timeoutSeconds, 1);
        Program program = Program.read(file);
        ProgramLimit limit;
        if (format == Format.latex && !numeric) {
            try (SymjaClosedForms symja = SymjaClosedForms.withTimeout(Duration.ofSeconds(timeoutSeconds))) {
                limit = ProgramLimit.of(program, symja);
            }
        } else {
            limit = ProgramLimit.of(program);
        }
        String title = file.getFileName().toString();
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        switch (format) {
            case latex -> out.print(ProgramReport.latex(title, limit.table()));
            case json -> out.println(ProgramReport.json(title, limit, program.warnings()));
            default -> out.print(ProgramReport.text(title, limit.table(), java.util.List.of()));
        }
        program.warnings().forEach(err::println);
        out.flush();
        return ExitCode.OK.code();
    }
}
