package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attnlimit.calculus.Require;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.verify.Check;
import org.attnlimit.verify.CheckResult;
import org.attnlimit.verify.Checks;
import org.attnlimit.verify.ProgramLawCheck;
import org.attnlimit.verify.Settings;
import org.attnlimit.verify.VerificationSuite;
import org.attnlimit.report.VerifyReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code attnlimit verify}: numerical checks of the proof's statements (Lemmas D.3–D.9, Proposition D.1,
 * Lemma C.4, Proposition C.3, Assumption 3.1, Theorem 3.1, Corollary 3.2, Remarks 3.1 and 3.2), each an
 * estimate with a confidence interval at several widths, compared with the limit.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Numerical checks of the proof's statements: estimate +/- a z = 4.9 interval",
            "(two-sided alpha = 1e-6 each) at each width n, the limit, and a verdict.",
            "",
            "Every row is a check (it can fail; the verdict counts it) or an",
            "illustration (shown without a verdict, not counted: a bound that holds by",
            "construction, a width below the largest, a proven finite-width allowance",
            "above 10%% of the scale). Kinds are fixed by the design before the run. MDD",
            "is the row's minimum detectable deviation: the smallest relative error in",
            "the limit that this run rejects. --perturb EPS moves every limit by EPS",
            "times its scale; rows whose MDD is below EPS reject it.",
            "",
            "Exit codes: 0 every check consistent; 3 some check inconsistent (the",
            "mathematics said no, or the limits were perturbed); 2 bad input;",
            "1 internal failure. Ctrl-C or SIGTERM: the checks that finished are printed",
            "(every format), marked as a partial run, and the exit code is 130 or 143.",
            "",
            "Examples:",
            "  attnlimit verify --quick",
            "  attnlimit verify --quick --perturb 0.2 --format json    # exit 3",
            "  attnlimit verify --check lemma-d7,theorem-3.1 --widths 256,1024,4096",
            ""})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "CI-sized run: widths 16, 64, 256, 1024, 20 000 draws per width")
    boolean quick;

    @Option(names = "--check", paramLabel = "NAME", split = ",",
            description = "run only these checks (comma-separated); see --list")
    List<String> only = new ArrayList<>();

    @Option(names = "--program", paramLabel = "FILE",
            description = "check your own .netsor program: its simulated scores against Definition 3.1 (B) (Proposition D.1)"
                    + " and an output's law against its limit (Theorem 3.1, Corollary 3.2)")
    java.nio.file.Path program;

    @Option(names = "--output", paramLabel = "NAME",
            description = "with --program: the vector whose law is checked (default: the last one with a known limit law)")
    String output;

    @Option(names = "--list", description = "list the checks and exit")
    boolean list;

    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.text, "${FORMATS}",
            Format.json, Format.latex, Format.markdown);

    @Option(names = "--fragment", description = "with --format latex: table environments to \\input, not a document")
    boolean fragment;

    @Mixin
    SharedOptions.SeedOption seedOption = new SharedOptions.SeedOption(20250601, "seed");

    @Option(names = "--widths", split = ",", paramLabel = "N", description = "override the widths, e.g. 16,64,256")
    int[] widths;

    @Option(names = "--samples", paramLabel = "N", description = "override the draws per width (>= 1000)")
    Integer samples;

    @Mixin
    SharedOptions.ThreadsOption threads = new SharedOptions.ThreadsOption();

    @Option(names = "--perturb", paramLabel = "EPS", defaultValue = "0",
            description = "compare every check with a limit moved by a relative EPS (EPS times the quantity's scale where "
                    + "the target is 0; a law: its variable times 1 + EPS); shows that the checks can fail (default: 0)")
    double perturb;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Format fmt = format.get();
        if (fragment && fmt != Format.latex) {
            throw new InvalidInputException("--fragment applies to --format latex only");
        }
        if (list) {
            for (String option : new String[] {"--quick", "--check", "--program", "--output", "--seed", "--widths",
                "--samples", "--threads", "--perturb", "--format", "--fragment"}) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new InvalidInputException(option + " would be ignored: --list only lists the checks");
                }
            }
            for (Check c : Checks.all()) {
                out.printf("%-16s %-20s %s%n", c.name(), c.statement(), c.claim());
            }
            out.flush();
            return ExitCode.OK.code();
        }
        validate();
        List<Check> checks = select();
        long seed = seedOption.seed();
        Settings base = quick ? Settings.quick(seed) : Settings.full(seed);
        Settings settings = new Settings(widths == null ? base.widths() : widths,
                samples == null ? base.samples() : samples, seed,
                threads.countOr(base.threads()), line -> {
                    err.println(line);
                    err.flush();
                }, perturb);
        try (Interrupts interrupts = Interrupts.install()) {
            long start = System.nanoTime();
            List<CheckResult> results = runInterruptibly(checks, settings, interrupts);
            double seconds = (System.nanoTime() - start) / 1e9;
            boolean partial = results.size() < checks.size();
            if (partial) {
                err.println("verify: interrupted; printing the " + results.size() + " of " + checks.size()
                        + " checks that finished");
                err.flush();
            }
            return report(out, err, fmt, checks, results, settings, seconds, partial);
        }
    }

    /**
     * Runs the checks on a worker thread while this thread watches the run's Ctrl-C/SIGTERM token: on a signal the
     * checks finished so far are returned at once (the running one is abandoned; the JVM is exiting), so that the
     * shutdown hook, which waits for the output, is released within a fraction of a second.
     */
    private static List<CheckResult> runInterruptibly(List<Check> checks, Settings settings, Interrupts interrupts) {
        List<CheckResult> finished = java.util.Collections.synchronizedList(new ArrayList<>());
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        Thread worker = new Thread(() -> {
            try {
                VerificationSuite.run(checks, settings, finished::add);
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "attnlimit-verify");
        worker.setDaemon(true);   // an abandoned check must not keep the JVM alive
        worker.start();
        try {
            while (worker.isAlive() && !interrupts.interrupted()) {
                worker.join(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (worker.isAlive()) {
            synchronized (finished) {
                return List.copyOf(finished);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
        return List.copyOf(finished);
    }

    private int report(PrintWriter out, PrintWriter err, Format fmt, List<Check> checks, List<CheckResult> results,
            Settings settings, double seconds, boolean partial) {
        long seed = settings.seed();
        List<String> notRun = checks.subList(results.size(), checks.size()).stream().map(Check::name).toList();
        String partialLine = String.format(Locale.ROOT, "INTERRUPTED: partial run, %d of %d checks finished; not run: %s",
                results.size(), checks.size(), String.join(", ", notRun));
        String heading = String.format(Locale.ROOT, "attnlimit verify: seed %d, widths %s, %d draws per width; %s; %.1f s",
                seed, java.util.Arrays.toString(settings.widths()), settings.samples(), Settings.LEVEL, seconds)
                + (perturb > 0 ? String.format(Locale.ROOT, "%nLIMITS PERTURBED by a relative %s: every check should come out "
                        + "inconsistent", Double.toString(perturb)) : "")
                + (partial ? System.lineSeparator() + partialLine : "");
        switch (fmt) {
            case json:
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("seed", seed);
                s.put("widths", settings.widths());
                s.put("samples", settings.samples());
                s.put("z", Settings.Z);
                s.put("perturb", perturb);
                s.put("seconds", Math.round(seconds * 10) / 10.0);
                if (partial) {
                    s.put("partial", true);
                    s.put("interrupted", true);
                    s.put("checks_requested", checks.size());
                    s.put("checks_finished", results.size());
                    s.put("not_run", notRun);
                }
                out.print(VerifyReport.json(results, s, partial));
                break;
            case latex:
                if (partial) {
                    out.println("% " + partialLine);
                }
                out.print(fragment ? VerifyReport.latexFragment(results) : VerifyReport.latex(results));
                break;
            case markdown:
                out.print(VerifyReport.markdown(results, heading));
                break;
            default:
                out.print(VerifyReport.text(results, heading));
                if (perturb > 0) {
                    out.println(VerifyReport.perturbationSummary(results, perturb));
                }
                if (partial) {
                    out.println(partialLine);
                }
        }
        out.flush();
        err.println(VerifyReport.summary(results) + String.format(Locale.ROOT, " (%.1f s)", seconds)
                + (partial ? " PARTIAL: " + results.size() + " of " + checks.size() + " checks finished" : ""));
        if (perturb > 0) {
            err.println(VerifyReport.perturbationSummary(results, perturb));
        }
        err.flush();
        return results.stream().allMatch(CheckResult::consistent) ? ExitCode.OK.code() : ExitCode.REFUTED.code();
    }

    private List<Check> select() {
        if (program != null) {
            if (!only.isEmpty()) {
                throw new InvalidInputException("--check would be ignored with --program (it runs program-scores and program-law)");
            }
            Program p = Program.read(program);
            if (org.attnlimit.limit.nested.NestedLaw.appliesTo(p)) {
                return org.attnlimit.verify.NestedConjectureCheck.forProgram(String.valueOf(program.getFileName()), p, output);
            }
            return ProgramLawCheck.forProgram(String.valueOf(program.getFileName()), p, output);
        }
        if (output != null) {
            throw new InvalidInputException("--output needs --program FILE");
        }
        if (only.isEmpty()) {
            return Checks.all();
        }
        List<Check> chosen = new ArrayList<>();
        for (String name : only) {
            chosen.add(Checks.named(name).orElseThrow(() -> new InvalidInputException(
                    "unknown check '" + name + "'; known: " + Checks.names())));
        }
        return chosen;
    }

    /** Widest accepted --widths entry: a check draws about samples × n numbers per width (full run: 4096). */
    static final int MAX_WIDTH = 16384;

    private void validate() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--check")
                && (only.isEmpty() || only.stream().anyMatch(String::isBlank))) {
            throw new InvalidInputException("--check needs check names separated by commas, e.g. --check lemma-d3;"
                    + " known: " + Checks.names());
        }
        if (program != null) {
            Program p = Program.read(program);
            requireFiniteScoreMoments(p);
            Budget.requireTameScores(p);
        }
        if (widths != null) {
            for (int n : widths) {
                if (n > MAX_WIDTH) {
                    throw new InvalidInputException("--widths: at most " + MAX_WIDTH + " (each check draws about"
                            + " samples x n numbers per width), got " + n);
                }
            }
        }
        if (samples != null) {
            Require.atLeast("--samples", samples, 1000);
            Budget.requireMemory("--samples", samples, 16L * Double.BYTES);
        }
        threads.validate();
        if (!(perturb >= 0 && perturb <= 10)) {
            throw new InvalidInputException("--perturb must be in [0, 10], got " + perturb);
        }
    }

    /**
     * The check's standard errors need the scores' fourth moments, {@code E[p⁴] = 3Var(p)²} for the
     * Gaussian limit: refuse a program for which they leave double precision (an infinite SE accepts
     * anything), even where the covariances themselves are finite.
     */
    private static void requireFiniteScoreMoments(Program p) {
        if (p.beyondTheorem()) {
            return;   // ProgramLimit (Definition 3.1) is for one layer; the nested law reports its own overflow
        }
        List<String> scores = p.scores();
        double[][] c = ProgramLimit.of(p).scoreCovariance();
        for (int i = 0; i < c.length; i++) {
            if (!(3 * c[i][i] * c[i][i] < Double.MAX_VALUE / 1e4)) {
                throw new InvalidInputException("overflow: score " + scores.get(i) + " has limit variance " + c[i][i]
                        + "; the check's standard errors need E[p^4] = 3 Var(p)^2 (and sums of n of them), beyond"
                        + " double precision; use smaller variances");
            }
        }
    }
}
