package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.attnlimit.calculus.Activation;
import org.attnlimit.experiment.LimitMoments;
import org.attnlimit.program.ProgramLimit;
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
import picocli.CommandLine.Mixin;
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
            "table of one head, limit moments for s in {2,4,10}, H in {1,2,4,16,inf} (inputs",
            "--phi, default clip:c=100 as in the paper's figures), and, with --checks,",
            "the verification results against the width (the quick suite, ~45 s for all).",
            "booktabs rules, numbers aligned on the decimal point and rounded to their error",
            "bound, a caption and a label (tab:activation-moments, tab:head-covariance,",
            "tab:limit-moments, tab:verification), a legend for abbreviations.",
            "Each file is a standalone document (compile it with pdflatex) or, with",
            "--fragment, a table to \\input into a paper, its first lines listing the",
            "packages it needs: booktabs, dcolumn, array, amsmath, amssymb (and rotating for",
            "the wide verification table, a sidewaystable), all in Debian's",
            "texlive-latex-base and texlive-latex-recommended.",
            "",
            "Example:  attnlimit tables --out out/tables --fragment --phi clip:c=1 --checks all"})
public final class TablesCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("DIR", Path.of("out", "tables"), "output directory");

    @Option(names = "--phi", defaultValue = "clip:c=100", paramLabel = "PHI",
            description = "activation of the inputs of the limit-moment table (default: ${DEFAULT-VALUE}, the paper's"
                    + " layer, as for limit and simulate)")
    String phi;

    @Option(names = "--tokens", split = ",", defaultValue = "2,4,10", paramLabel = "S",
            description = "token counts of the limit-moment table (default: ${DEFAULT-VALUE})")
    int[] tokens;

    @Option(names = "--heads", split = ",", defaultValue = "1,2,4,16", paramLabel = "H",
            description = "head counts of the limit-moment table; H = inf is always added (default: ${DEFAULT-VALUE})")
    int[] heads;

    @Option(names = "--checks", split = ",", paramLabel = "NAME",
            description = "checks for the verification table: 'all' or names (default: none, no verification table)")
    List<String> checks = new ArrayList<>();

    @Option(names = "--symbolic", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "derive the activation moments' closed forms with computer algebra (Symja, ~10 s); "
                    + "--no-symbolic prints textbook forms (default: ${DEFAULT-VALUE})")
    boolean symbolic;

    @Option(names = "--fragment", description = "write table environments to \\input (not standalone documents)")
    boolean fragment;

    @Mixin
    SharedOptions.SeedOption seedOption = new SharedOptions.SeedOption(20250601, "seed of the verification table");

    @Override
    public Integer call() {
        for (int s : tokens) {
            if (s < 1 || s > 16) {
                throw new InvalidInputException("--tokens: each s must be in 1..16, got " + s);
            }
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--checks")
                && (checks.isEmpty() || checks.stream().anyMatch(String::isBlank))) {
            throw new InvalidInputException("--checks needs check names separated by commas, or none; known: "
                    + Checks.names());
        }
        for (int h : heads) {
            if (h < 1 || h > 64) {
                throw new InvalidInputException("--heads: each H must be in 1..64, got " + h);
            }
        }
        Activation activation = Activation.parse(phi);
        List<Check> selected = new ArrayList<>();
        boolean none = checks.isEmpty() || checks.size() == 1 && checks.get(0).equalsIgnoreCase("none");
        boolean all = checks.size() == 1 && checks.get(0).equalsIgnoreCase("all");
        if (!none) {
            for (String name : all ? Checks.all().stream().map(Check::name).toList() : checks) {
                selected.add(Checks.named(name).orElseThrow(() -> new InvalidInputException(
                        "--checks: unknown check '" + name + "'; known: " + Checks.names() + ", or all, or none")));
            }
        }
        if (selected.isEmpty() && spec.commandLine().getParseResult().hasMatchedOption("--seed")) {
            throw new InvalidInputException("--seed would be ignored: it seeds the verification table, which only --checks "
                    + "writes");
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
                write("head-covariance.tex", LatexTables.headCovariance(
                        ProgramLimit.of(LatexTables.attentionHead(), symja).table()));
            }
        } else {
            write("head-covariance.tex", LatexTables.headCovariance(ProgramLimit.of(LatexTables.attentionHead()).table()));
        }
        write("limit-moments.tex", LatexTables.limitMoments(activation, LimitMoments.of(activation, tokens, heads)));
        if (!selected.isEmpty()) {
            Settings settings = Settings.quick(seedOption.seed()).withProgress(stages(err, System.console() != null));
            List<CheckResult> results = VerificationSuite.run(selected, settings);
            if (System.console() != null) {
                err.println();
            }
            write("verification.tex", VerifyReport.latexSummary(results, settings.widths()));
        }
        return ExitCode.OK.code();
    }

    /**
     * One progress line per check (the suite's "[i/k] Name: ..." lines grouped by their "[i/k]" stage): on a
     * terminal redrawn in place, otherwise printed once when the stage starts.
     */
    static java.util.function.Consumer<String> stages(PrintWriter err, boolean terminal) {
        String[] last = {null};
        return line -> {
            int close = line.indexOf(']');
            int colon = line.indexOf(':', Math.max(close, 0));
            String stage = close > 0 && line.startsWith("[") ? line.substring(0, close + 1) : line;
            String name = colon > 0 ? line.substring(0, colon) : line;
            if (terminal) {
                err.print("\r\033[K" + "tables: verification " + line);
            } else if (!stage.equals(last[0])) {
                err.println("tables: verification " + name);
            }
            last[0] = stage;
            err.flush();
        };
    }

    private void write(String name, LatexTable table) {
        Path file = outOption.path().resolve(name);
        AtomicFiles.writeString(file, fragment ? table.fragment() : table.document());
        spec.commandLine().getOut().println(String.format(Locale.ROOT, "wrote %s (%d rows)", file, table.rows().size()));
        spec.commandLine().getOut().flush();
    }
}
