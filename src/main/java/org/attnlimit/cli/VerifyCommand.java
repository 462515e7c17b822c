package org.attnlimit.cli;

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
import org.attnlimit.verify.ProgramScoresCheck;
import org.attnlimit.verify.Settings;
import org.attnlimit.verify.VerificationSuite;
import org.attnlimit.verify.VerifyReport;
import picocli.CommandLine.Command;
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
            "Exit 0 if every check is consistent, 1 if one is not (a wrong limit or sampler)."})
public final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--quick", description = "CI-sized run: widths 16, 64, 256, 20 000 draws per width")
    boolean quick;

    @Option(names = "--check", paramLabel = "NAME", split = ",",
            description = "run only these checks (comma-separated); see --list")
    List<String> only = new ArrayList<>();

    @Option(names = "--program", paramLabel = "FILE",
            description = "check Proposition D.1 on your own .netsor program: its simulated scores against Definition 3.1 (B)")
    java.nio.file.Path program;

    @Option(names = "--list", description = "list the checks and exit")
    boolean list;

    @Option(names = "--format", defaultValue = "text", paramLabel = "FORMAT",
            description = "text, json, latex or markdown (default: ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--seed", defaultValue = "20250601", description = "seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--widths", split = ",", paramLabel = "N", description = "override the widths, e.g. 16,64,256")
    int[] widths;

    @Option(names = "--samples", paramLabel = "N", description = "override the draws per width (>= 1000)")
    Integer samples;

    @Option(names = "--threads", paramLabel = "N", description = "worker threads (default: all cores; results do not depend on it)")
    Integer threads;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String fmt = format.trim().toLowerCase(Locale.ROOT);
        if (!List.of("text", "json", "latex", "markdown").contains(fmt)) {
            throw new IllegalArgumentException("unknown format '" + format + "'; known: text, json, latex, markdown");
        }
        if (list) {
            for (Check c : Checks.all()) {
                out.printf("%-16s %-20s %s%n", c.name(), c.statement(), c.claim());
            }
            out.flush();
            return ExitCode.OK.code();
        }
        validate();
        List<Check> checks = select();
        Settings base = quick ? Settings.quick(seed) : Settings.full(seed);
        Settings settings = new Settings(widths == null ? base.widths() : widths,
                samples == null ? base.samples() : samples, seed,
                threads == null ? base.threads() : threads, line -> {
                    err.println(line);
                    err.flush();
                });
        long start = System.nanoTime();
        List<CheckResult> results = VerificationSuite.run(checks, settings);
        double seconds = (System.nanoTime() - start) / 1e9;
        String heading = String.format(Locale.ROOT, "attnlimit verify: seed %d, widths %s, %d draws per width; %s; %.1f s",
                seed, java.util.Arrays.toString(settings.widths()), settings.samples(), Settings.LEVEL, seconds);
        switch (fmt) {
            case "json":
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("seed", seed);
                s.put("widths", settings.widths());
                s.put("samples", settings.samples());
                s.put("z", Settings.Z);
                s.put("seconds", Math.round(seconds * 10) / 10.0);
                out.print(VerifyReport.json(results, s));
                break;
            case "latex":
                out.print(VerifyReport.latex(results));
                break;
            case "markdown":
                out.print(VerifyReport.markdown(results, heading));
                break;
            default:
                out.print(VerifyReport.text(results, heading));
        }
        out.flush();
        err.println(VerifyReport.summary(results) + String.format(Locale.ROOT, " (%.1f s)", seconds));
        err.flush();
        return results.stream().allMatch(CheckResult::consistent) ? ExitCode.OK.code() : ExitCode.REFUTED.code();
    }

    private List<Check> select() {
        if (program != null) {
            return List.of(new ProgramScoresCheck(String.valueOf(program.getFileName()), Program.read(program)));
        }
        if (only.isEmpty()) {
            return Checks.all();
        }
        List<Check> chosen = new ArrayList<>();
        for (String name : only) {
            chosen.add(Checks.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown check '" + name + "'; known: " + Checks.names())));
        }
        return chosen;
    }

    /** Widest accepted --widths entry: a check draws about samples × n numbers per width (full run: 4096). */
    static final int MAX_WIDTH = 16384;

    private void validate() {
        if (spec.commandLine().getParseResult().hasMatchedOption("--check")
                && (only.isEmpty() || only.stream().anyMatch(String::isBlank))) {
            throw new IllegalArgumentException("--check needs check names separated by commas, e.g. --check lemma-d3;"
                    + " known: " + Checks.names());
        }
        if (program != null) {
            requireFiniteScoreMoments(Program.read(program));
        }
        if (widths != null) {
            for (int n : widths) {
                if (n > MAX_WIDTH) {
                    throw new IllegalArgumentException("--widths: at most " + MAX_WIDTH + " (each check draws about"
                            + " samples x n numbers per width), got " + n);
                }
            }
        }
        if (samples != null) {
            Require.atLeast("--samples", samples, 1000);
            Budget.requireMemory("--samples", samples, 16L * Double.BYTES);
        }
        if (threads != null) {
            Require.atLeast("--threads", threads, 1);
        }
    }

    /**
     * The check's standard errors need the scores' fourth moments, {@code E[p⁴] = 3Var(p)²} for the
     * Gaussian limit: refuse a program for which they leave double precision (an infinite SE accepts
     * anything), even where the covariances themselves are finite.
     */
    private static void requireFiniteScoreMoments(Program p) {
        List<String> scores = p.scores();
        double[][] c = ProgramLimit.of(p).scoreCovariance();
        for (int i = 0; i < c.length; i++) {
            if (!(3 * c[i][i] * c[i][i] < Double.MAX_VALUE / 1e4)) {
                throw new IllegalArgumentException("overflow: score " + scores.get(i) + " has limit variance " + c[i][i]
                        + "; the check's standard errors need E[p^4] = 3 Var(p)^2 (and sums of n of them), beyond"
                        + " double precision; use smaller variances");
            }
        }
    }
}
