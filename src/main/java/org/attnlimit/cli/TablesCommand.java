package org.attnlimit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.attnlimit.report.AtomicFiles;
import org.attnlimit.report.LatexTables;
import org.attnlimit.report.LatexTable;
import org.attnlimit.symbolic.SymjaClosedForms;
import org.attnlimit.verify.Check;
import org.attnlimit.verify.CheckResult;
import org.attnlimit.verify.Checks;
import org.attnlimit.verify.Settings;
import org.attnlimit.verify.VerificationSuite;
import org.attnlimit.report.VerifyReport;
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
        description = {"Write LaTeX tables ready for a paper: the activation moments, the covariance",
            "table of one head, limit moments for s in {2,4,10}, H in {1,2,4,16,inf}, and the",
            "verification results against the width (the quick suite).",
            "booktabs rules, numbers aligned on the decimal point and rounded to their error",
            "bound, a caption and a label (tab:activation-moments, tab:head-covariance,",
            "tab:limit-moments, tab:verification), a legend for abbreviations.",
            "Each file is a standalone document (compile it with pdflatex) or, with",
            "--fragment, a table to \\input into a paper, its first lines listing the",
            "packages it needs: booktabs, dcolumn, array, amsmath, amssymb (and rotating for",
            "the wide verification table, a sidewaystable), all in Debian's",
            "texlive-latex-base and texlive-latex-recommended.",
            "",
            "Example:  attnlimit tables --out out/tables --fragment"})
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

    @Option(names = "--fragment", description = "write table environments to \\input (not standalone documents)")
    boolean fragment;

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
        if (symbolic) {
            try (SymjaClosedForms symja = SymjaClosedForms.withTimeout(java.time.Duration.ofSeconds(20))) {
                write("head-covariance.tex", LatexTables.headCovariance(symja));
            }
        } else {
            write("head-covariance.tex", LatexTables.headCovariance(null));
        }
        write("limit-moments.tex", LatexTables.limitMoments(tokens));
        if (!selected.isEmpty()) {
            Settings settings = Settings.quick(seed).withProgress(line -> {
                err.println(line);
                err.flush();
            });
            List<CheckResult> results = VerificationSuite.run(selected, settings);
            write("verification.tex", VerifyReport.latexSummary(results, settings.widths()));
        }
        return ExitCode.OK.code();
    }

    private void write(String name, LatexTable table) {
        Path file = out.resolve(name);
        AtomicFiles.writeString(file, fragment ? table.fragment() : table.document());
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %s (%d rows)", file, table.rows().size()));
        spec.commandLine().getOut().flush();
    }
}
