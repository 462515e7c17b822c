package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.attnlimit.limit.Estimate;
import org.attnlimit.limit.Law;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.BeyondTheoremException;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.report.Csv;
import org.attnlimit.report.LatexTable;
import org.attnlimit.report.ProgramReport;
import org.attnlimit.symbolic.SymjaClosedForms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attnlimit program}: infinite-width covariances of a Netsor program (Definition 3.1), and with
 * {@code --law} the limit law of any of its vectors (Theorem 3.1).
 */
@Command(name = "program", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {
            "Infinite-width limit of a Netsor program. Without --law: Definition 3.1's covariances (MatMul",
            "outputs, moments of the Nonlin outputs, the Gaussian limit of the attention scores).",
            "With --law NAME: the law of vector NAME (Theorem 3.1): Z^NAME = psi(Z^g; p) with the scores p",
            "independent of the Gaussian Z^g. Mean, variance, fourth moment, excess kurtosis with a relative",
            "error estimate and the method; pdf and cdf at --at; draws from the hierarchical law with --sample.",
            "Several names give their covariance and joint fourth moments too.",
            "The .netsor format (attend, softmax, sigmoid, templates) is described in theory/programs/README.md.",
            "A malformed program, or one that breaks Assumption 3.1 or Theorem 3.1's rule (a score-dependent",
            "vector fed to a MatMul), is rejected with its line number (exit 2). With --beyond-theorem such a",
            "program is accepted and --law gives the CONJECTURED nested-conditioning law (theory/deep-attention.md):",
            "randomised quasi-Monte Carlo over the hierarchy of scores, to the relative error --tol.",
            "",
            "Examples:",
            "  attnlimit program theory/programs/attention-s2.netsor --format latex",
            "  attnlimit program theory/programs/mha-s4-h2.netsor --law y1 --at 0,0.5,1 --format json",
            "  attnlimit program theory/programs/mha-s4-h2.netsor --law y1,y2",
            "  attnlimit program theory/programs/relu-attention.netsor --law y --sample 100000 --out out/y.csv"
        })
public final class ProgramCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "the .netsor program")
    Path file;

    @Option(names = "--law", split = ",", paramLabel = "NAME",
            description = "vectors whose limit law is wanted (Theorem 3.1), e.g. y1 or y1,y2")
    List<String> law;

    @Option(names = "--at", split = ",", paramLabel = "X", description = "with --law: points for pdf and cdf, e.g. -1,0,1")
    double[] at;

    @Option(names = "--sample", paramLabel = "N", description = "with --law: draw N samples from the hierarchical law")
    Integer sample;

    @Mixin
    SharedOptions.SeedOption seedOption = new SharedOptions.SeedOption(1, "seed of --sample");

    @Mixin
    SharedOptions.ThreadsOption threads = new SharedOptions.ThreadsOption("threads of --sample");

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("FILE", null,
            "with --sample: write the samples here as CSV (one column per name)");

    @Mixin
    SharedOptions.FormatOption formatOption = new SharedOptions.FormatOption(Format.text, "${FORMATS}", Format.latex, Format.json);

    @Option(names = "--fragment", description = "with --format latex: a table environment to \\input, not a document")
    boolean fragment;

    @Option(names = {"--numeric", "--no-symbolic"},
            description = "covariance table in LaTeX without closed forms (skips the computer algebra, ~2 s faster)")
    boolean numeric;

    @Option(names = "--timeout", paramLabel = "SECONDS",
            description = "budget per Symja evaluation of the LaTeX covariance table (default 30)")
    Integer timeoutSeconds;

    @Option(names = "--beyond-theorem",
            description = "accept a program in which a score-dependent vector feeds a MatMul (beyond Theorem 3.1);"
                    + " --law then gives the conjectured nested-conditioning law, labelled a conjecture in every format")
    boolean beyondTheorem;

    @Option(names = "--tol", paramLabel = "REL",
            description = "with --law on a program beyond Theorem 3.1: the relative error wanted of the conjectured"
                    + " nested-conditioning law (3 standard errors; default 1e-3); its integration stops at 60 s")
    Double tol;

    @Override
    public Integer call() {
        Format format = formatOption.get();
        checkOptions(format);
        Program program;
        try {
            program = Program.read(file, beyondTheorem ? Program.Options.beyondTheorem() : Program.Options.standard());
        } catch (BeyondTheoremException e) {
            throw new InvalidInputException(e.reason() + "; allow it for finite-width simulation only with --beyond-theorem", e);
        }
        if (beyondTheorem && !program.beyondTheorem()) {
            throw new InvalidInputException("--beyond-theorem would be ignored: " + file.getFileName() + " is within"
                    + " Theorem 3.1 (no score-dependent vector feeds a matrix or a score); drop the switch");
        }
        if (law != null) {
            return law(program, format);
        }
        if (program.beyondTheorem()) {
            if (timeoutSeconds != null) {
                throw new InvalidInputException("--timeout applies to the closed forms of a program within Theorem 3.1;"
                        + " the table of a program beyond it is numeric");
            }
            return NestedLawOutput.printTable(this, program, format);
        }
        int timeout = timeoutSeconds == null ? 30 : timeoutSeconds;
        org.attnlimit.calculus.Require.atLeast("--timeout", timeout, 1);
        ProgramLimit limit;
        if (format == Format.latex && !numeric) {
            try (SymjaClosedForms symja = SymjaClosedForms.withTimeout(Duration.ofSeconds(timeout))) {
                limit = ProgramLimit.of(program, symja);
            }
        } else {
            limit = ProgramLimit.of(program);
        }
        String title = file.getFileName().toString();
        var w = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        switch (format) {
            case latex -> {
                var table = ProgramReport.latexTable(title, limit.table());
                w.print(fragment ? table.fragment() : table.document());
            }
            case json -> w.println(ProgramReport.json(title, limit, program.warnings()));
            default -> {
                w.print(ProgramReport.text(title, limit.table(), java.util.List.of()));
                if (!program.scoreDependent().isEmpty()) {
                    w.println(ProgramReport.scoreDependentNote(program.scoreDependent()));
                }
            }
        }
        program.warnings().forEach(err::println);
        w.flush();
        return ExitCode.OK.code();
    }

    /** Options that would be ignored are refused (exit 2), one line each. */
    private void checkOptions(Format format) {
        if (fragment && format != Format.latex) {
            throw new InvalidInputException("--fragment applies to --format latex only");
        }
        if (law == null) {
            for (Object[] o : new Object[][] {{"--at", at}, {"--tol", tol}, {"--sample", sample}, {"--seed", given("--seed")},
                {"--threads", given("--threads")}, {"--out", given("--out")}}) {
                if (o[1] != null && !Boolean.FALSE.equals(o[1])) {
                    throw new InvalidInputException(o[0] + " needs --law NAME (it applies to the law of a vector)");
                }
            }
            return;
        }
        if (numeric) {
            throw new InvalidInputException("--numeric applies to the covariance table only, not to --law");
        }
        if (timeoutSeconds != null) {
            throw new InvalidInputException("--timeout applies to the covariance table only, not to --law");
        }
        if (tol != null && !(tol > 0 && tol < 1)) {
            throw new InvalidInputException("--tol must be a number in (0, 1), got " + tol);
        }
        if (sample == null) {
            for (String o : new String[] {"--seed", "--threads", "--out"}) {
                if (given(o)) {
                    throw new InvalidInputException(o + " needs --sample N");
                }
            }
        } else if (sample < 1) {
            throw new InvalidInputException("--sample must be >= 1, got " + sample);
        } else {
            // The draws of every output plus the first output's buffer: (outputs + 1) doubles per sample.
            Budget.requireMemory("--sample", sample, (long) Double.BYTES * (law.size() + 1));
            threads.validate();
        }
        if (at != null) {
            for (double x : at) {
                if (!Double.isFinite(x)) {
                    throw new InvalidInputException("--at: the points must be finite numbers, got " + x);
                }
            }
        }
        if (format == Format.latex && at != null) {
            throw new InvalidInputException("--at is shown in the text and json formats; the LaTeX table has the moments only");
        }
        if (law.stream().anyMatch(String::isBlank)) {
            throw new InvalidInputException("--law has an empty name; expected e.g. --law y1,y2");
        }
    }

    /** The engine's note on the density; where there is none, the option that draws from the law instead. */
    private static String densityNote(ProgramLaw pl, String n) {
        return withSampleHint(pl.densityNote(n), pl.hasDensity(n));
    }

    /** A law's density note, with the option that draws from the law where the law has no density formula. */
    static String withSampleHint(String note, boolean hasDensity) {
        return hasDensity ? note : note + "; use --sample";
    }

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    private int law(Program program, Format format) {
        Budget.requireTameScores(program);
        if (org.attnlimit.limit.nested.NestedLaw.appliesTo(program)) {
            return NestedLawOutput.print(this, program, format);
        }
        if (tol != null) {
            throw new InvalidInputException("--tol applies to the conjectured law of a program beyond Theorem 3.1;"
                    + " the one-layer engines of Theorem 3.1 choose their own accuracy (~1e-10)");
        }
        long t0 = System.nanoTime();
        for (String n : law) {
            if (program.definition(n.strip()).isEmpty()) {
                throw new InvalidInputException("--law: no vector named '" + n.strip() + "' in " + file.getFileName()
                        + "; vectors: " + String.join(", ", program.vectors()));
            }
        }
        ProgramLaw pl;
        try {
            pl = ProgramLaw.of(program, law.stream().map(String::strip).toList());
        } catch (InvalidInputException e) {
            // the engine speaks of the mathematics; the command names its option
            throw new InvalidInputException("--law: " + e.getMessage(), e);
        }
        double[] xs = at == null ? new double[0] : at;
        List<ProgramReport.LawOutput> outputs = new ArrayList<>();
        for (String n : pl.outputs()) {
            Estimate[] pdf = new Estimate[0];
            Law.Cdf[] cdf = new Law.Cdf[0];
            if (xs.length > 0) {
                if (!pl.hasDensity(n)) {
                    throw new InvalidInputException("--at: '" + n + "': " + densityNote(pl, n));
                }
                pdf = pl.pdf(n, xs);
                Law law = pl.law(n);
                cdf = Arrays.stream(xs).mapToObj(law::cdf).toArray(Law.Cdf[]::new);
            }
            ProgramLaw.Moments m = pl.moments(n);
            Budget.requireRepresentableMoments(n, m.variance(), m.fourthMoment(), m.excessKurtosis());
            outputs.add(new ProgramReport.LawOutput(n, m, densityNote(pl, n), xs, pdf, cdf, pl.atoms(n)));
        }
        ProgramLaw.Joint joint = null;
        String jointNote = null;
        if (pl.outputs().size() > 1) {
            if (pl.outputs().stream().allMatch(n -> pl.moments(n).conditionallyGaussian())) {
                joint = pl.joint();
            } else {
                jointNote = "computed for conditionally Gaussian outputs only; use --sample for the joint law of these";
            }
        }
        ProgramReport.SampleSummary summary = null;
        if (sample != null) {
            ParallelSampler sampler = ParallelSampler.of(seedOption.seed());
            if (threads.given()) {
                sampler = sampler.withThreads(threads.count());
            }
            double[][] draws = pl.sample(sample, sampler);
            if (outOption.present()) {
                Csv.write(outOption.path(), pl.outputs(), Arrays.asList(draws));
            }
            double[] means = new double[draws.length];
            double[] vars = new double[draws.length];
            for (int a = 0; a < draws.length; a++) {
                means[a] = Arrays.stream(draws[a]).average().orElse(0);
                double m = means[a];
                vars[a] = Arrays.stream(draws[a]).map(y -> (y - m) * (y - m)).sum() / Math.max(1, draws[a].length - 1);
            }
            summary = new ProgramReport.SampleSummary(draws[0].length, seedOption.seed(),
                    outOption.present() ? outOption.path().toString() : null, means, vars);
        }
        String title = file.getFileName().toString();
        var w = spec.commandLine().getOut();
        switch (format) {
            case json -> w.println(ProgramReport.lawJson(title, outputs, joint, jointNote, summary));
            case latex -> {
                List<LatexTable> tables = ProgramReport.lawLatex(title, outputs, joint, jointNote);
                w.print(fragment ? LatexTable.fragment(tables) : LatexTable.document(tables));
            }
            default -> {
                w.print(ProgramReport.lawText(title, outputs, joint, jointNote, summary));
                w.printf(java.util.Locale.ROOT, "  (computed in %.0f ms)%n", (System.nanoTime() - t0) / 1e6);
            }
        }
        program.warnings().forEach(spec.commandLine().getErr()::println);
        for (String n : pl.outputs()) {
            ProgramLaw.Moments m = pl.moments(n);
            if (m.belowTarget()) {
                spec.commandLine().getErr().printf(java.util.Locale.ROOT,
                        "attnlimit: accuracy below target for '%s': relative error %.1e > %.0e (the adaptive budget ran out)%n",
                        n, m.relativeError(), ProgramLaw.TARGET);
            }
        }
        w.flush();
        return ExitCode.OK.code();
    }
}
