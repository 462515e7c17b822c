package org.attnlimit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.attnlimit.report.AtomicFiles;
import org.attnlimit.report.LatexTables;
import org.attnlimit.report.Table;
import org.attnlimit.symbolic.SymjaClosedForms;
import org.attnlimit.verify.Check;
import org.attnlimit.verify.CheckResult;
import org.attnlimit.verify.Checks;
import org.attnlimit.verify.Settings;
import org.attnlimit.verify.VerificationSuite;
import org.attnlimit.verify.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnlimit tables}: standalone LaTeX tables (article class, base packages only) of the
 * activation moments, the covariance table of one attention head, the moments of the limit law, and the
 * verification results against the width.
 */
@Command(name = "tables", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write standalone LaTeX tables (compile each with pdflatex): activation moments,",
            "the covariance table of one head, limit moments for s in {2,4,10}, H in {1,2,4,16,inf},",
            "and the verification results against the width (the quick suite)."})
public final class TablesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "out/tables", paramLabel = "DIR",
            description = "output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--tokens", split = ",", defaultValue = "2,4,10", paramLabel = "S",
            description = "token counts of the limit-moment table (default: ${DEFAULT-VALUE})")
    int[] tokens;

    @Option(names = "--checks", split = ",", paramLabel = "NAME",
            description = "checks for the verification table (default: all; 'none' skips the table)")
    List<String> checks = new ArrayList<>();

    @Option(names = "--symbolic", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "derive the activation moments' closed forms with computer algebra (Symja, ~10 s); "
                    + "--no-symbolic prints textbook forms (default: ${DEFAULT-VALUE})")
    boolean symbolic;

    @Option(names = "--seed", defaultValue = "20250601", description = "seed of the verification table (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() {
        for (int s : tokens) {
            if (s < 1 || s > 16) {
                throw new IllegalArgumentException("--tokens: each s must be in 1..16, got " + s);
            }
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--checks")
                && (checks.isEmpty() || checks.stream().anyMatch(String::isBlank))) {
            throw new IllegalArgumentException("--checks needs check names separated by commas, or none; known: "
                    + Checks.names());
        }
        List<Check> selected = new ArrayList<>();
        boolean none = checks.size() == 1 && checks.get(0).equalsIgnoreCase("none");
        if (!none) {
            for (String name : checks.isEmpty() ? Checks.all().stream().map(Check::name).toList() : checks) {
                selected.add(Checks.named(name).orElseThrow(() -> new IllegalArgumentException(
                        "--checks: unknown check '" + name + "'; known: " + Checks.names() + ", or none")));
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        if (symbolic) {
            try (SymjaClosedForms symja = SymjaClosedForms.withTimeout(java.time.Duration.ofSeconds(20))) {
                write("activation-moments.tex", LatexTables.activationMoments(symja));
            }
        } else {
            write("activation-moments.tex", LatexTables.activationMoments(null));
        }
        write("head-covariance.tex", LatexTables.headCovariance());
        write("limit-moments.tex", LatexTables.limitMoments(tokens));
        if (!selected.isEmpty()) {
            Settings settings = Settings.quick(seed).withProgress(line -> {
                err.println(line);
                err.flush();
            });
            List<CheckResult> results = VerificationSuite.run(selected, settings);
            write("verification.tex", VerifyReport.summaryTable(results, settings.widths()));
        }
        return ExitCode.OK.code();
    }

    private void write(String name, Table table) {
        Path file = out.resolve(name);
        AtomicFiles.writeString(file, table.latexDocument());
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %s (%d rows)", file, table.rows().size()));
        spec.commandLine().getOut().flush();
    }
}
