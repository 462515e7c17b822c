package org.attnlimit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.report.ProgramReport;
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

    @Override
    public Integer call() {
        Program program = Program.read(file);
        ProgramLimit limit = ProgramLimit.of(program);
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
