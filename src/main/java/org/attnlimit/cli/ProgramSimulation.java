package org.attnlimit.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.limit.ProgramOutputLimit;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.report.Csv;
import org.attnlimit.stats.Comparison;

/**
 * {@code attnlimit simulate --program FILE --output NAME}: coordinate 1 of one vector of a program,
 * simulated at width n ({@link ProgramSampling}), against its limit law, with the summary the built-in
 * {@code simulate} prints. Validation first (every problem is one line, exit 2), then the run.
 */
final class ProgramSimulation {
    /** Options of the built-in layer, meaningless for a program: naming one is bad input. */
    private static final List<String> LAYER_OPTIONS = List.of("--phi", "--tokens", "--heads", "--scaling", "--low-rank",
            "--head-dim");

    private ProgramSimulation() {
    }

    static int run(SimulateCommand c) {
        if (c.program == null) {
            throw new IllegalArgumentException("--output needs --program FILE (the built-in layer records its output y)");
        }
        if (c.output == null) {
            throw new IllegalArgumentException("--program needs --output NAME, the vector to record");
        }
        for (String option : LAYER_OPTIONS) {
            if (c.spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + " describes the built-in layer and would be ignored with --program");
            }
        }
        org.attnlimit.calculus.Require.atLeast("--samples", c.samples, 2);
        org.attnlimit.calculus.Require.atLeast("--bootstrap", c.bootstrap, 0);
        if (c.threads != null) {
            org.attnlimit.calculus.Require.atLeast("--threads", c.threads, 1);
        }
        // The samples, two limit samples of the same size and the comparison's sorted copies and resamples:
        // about eight doubles per sample at the peak (the realisations themselves are O(n·vectors) per thread).
        long need = 8L * Double.BYTES * c.samples;
        if (need > Runtime.getRuntime().maxMemory() / 2) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "--samples %d needs about %.1f GB for the samples and their statistics; the JVM has %.1f GB",
                    c.samples, need / 1e9, Runtime.getRuntime().maxMemory() / 1e9));
        }
        Program program = Program.read(c.program, c.beyondTheorem ? Program.Options.beyondTheorem() : Program.Options.standard());
        if (c.beyondTheorem && !program.beyondTheorem()) {
            throw new IllegalArgumentException("--beyond-theorem would be ignored: " + c.program.getFileName()
                    + " is within Theorem 3.1");
        }
        Statement def = program.definition(c.output).orElseThrow(() -> new IllegalArgumentException(
                "no vector named '" + c.output + "' in " + c.program.getFileName() + "; vectors: "
                        + String.join(", ", program.vectors())));
        if (def instanceof Statement.Score) {
            throw new IllegalArgumentException("'" + c.output + "' is a score, not a vector: simulate --program records"
                    + " a vector (scores are checked by verify --program)");
        }
        int minWidth = ProgramSampling.minimumWidth(program);
        if (c.width < minWidth) {
            throw new IllegalArgumentException("--width " + c.width + " is below the " + minWidth
                    + " vectors (tokens) one matrix of the program multiplies; use --width >= " + minWidth);
        }
        // Beyond Theorem 3.1 there is no limit law to compare with: the simulation alone is reported.
        LimitReference limit = program.beyondTheorem() ? null : ProgramOutputLimit.of(program, c.output);
        ProgramSimulator.Method method = ProgramSimulator.Method.parse(c.method.name());
        ProgramSampling sampling = ProgramSampling.of(program, method, List.of(c.output));
        return execute(c, program, sampling, limit);
    }

    private static int execute(SimulateCommand c, Program program, ProgramSampling sampling, LimitReference limit) {
        PrintWriter err = c.spec.commandLine().getErr();
        int threadCount = c.threads == null ? Runtime.getRuntime().availableProcessors() : c.threads;
        try (Interrupts interrupts = Interrupts.install()) {
            ProgressBar bar = new ProgressBar(err, "simulate", c.samples);
            long start = System.nanoTime();
            double[] y = sampling.sample(c.width, c.samples, new SampleStreams(c.seed, threadCount, interrupts.token()), bar);
            double seconds = (System.nanoTime() - start) / 1e9;
            bar.finish();
            boolean interrupted = interrupts.interrupted();
            if (interrupted) {
                err.println("simulate: interrupted; kept " + y.length + " of " + c.samples + " samples");
            }
            if (y.length < 2) {
                // Printed here, while the Ctrl-C hook still holds the JVM: after close() it may halt at once.
                err.println("attnlimit simulate: interrupted before 2 samples were drawn; nothing to report");
                err.flush();
                return ExitCode.BAD_INPUT.code();
            }
            if (c.out != null) {
                Csv.write(c.out, List.of(c.output), List.of(y));
            }
            if (limit == null) {
                c.write(beyond(c, program, y, interrupted, threadCount, seconds));
                return ExitCode.OK.code();
            }
            double[] ref = limit.sample(y.length, ParallelSampler.of(c.seed + 1).withThreads(threadCount));
            double[] ref2 = limit.sample(y.length, ParallelSampler.of(c.seed + 2).withThreads(threadCount));
            Comparison cmp = Comparison.of(y, ref, ref2, limit.table(), c.bootstrap, c.seed);
            c.write(report(c, program, y.length, interrupted, threadCount, seconds, cmp, limit));
        }
        return ExitCode.OK.code();
    }

    private static double[] pair(org.attnlimit.stats.Interval i) {
        return new double[] {i.lower(), i.upper()};
    }

    /** The report of a program beyond Theorem 3.1: the sample's moments, and why there is no limit. */
    private static Map<String, Object> beyond(SimulateCommand c, Program program, double[] y, boolean interrupted,
            int threadCount, double seconds) {
        org.attnlimit.stats.Moments m = org.attnlimit.stats.Moments.of(y);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("program", String.valueOf(c.program.getFileName()));
        r.put("output", c.output + " (coordinate 1)");
        r.put("width", c.width);
        r.put("method", c.method.name());
        r.put("samples", y.length);
        r.put("interrupted", interrupted);
        r.put("seed", c.seed);
        r.put("threads", threadCount);
        r.put("mean", m.mean());
        r.put("variance", m.variance());
        r.put("variance_se", m.varianceSe());
        r.put("excess_kurtosis", m.excessKurtosis());
        r.put("excess_kurtosis_se", m.excessKurtosisSe());
        r.put("beyond_theorem", String.join("; ", program.beyondTheoremReasons()));
        r.put("limit", "none: the program is beyond Theorem 3.1, so no limit law is known to compare with");
        r.put("seconds", seconds);
        r.put("samples_per_second", y.length / Math.max(seconds, 1e-9));
        return r;
    }

    private static Map<String, Object> report(SimulateCommand c, Program program, int kept, boolean interrupted,
            int threadCount, double seconds, Comparison cmp, LimitReference limit) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("program", String.valueOf(c.program.getFileName()));
        r.put("output", c.output + " (coordinate 1)");
        r.put("width", c.width);
        r.put("method", c.method.name());
        r.put("samples", kept);
        r.put("interrupted", interrupted);
        r.put("seed", c.seed);
        r.put("threads", threadCount);
        r.put("mean", cmp.moments().mean());
        r.put("variance", cmp.moments().variance());
        r.put("variance_se", cmp.moments().varianceSe());
        r.put("excess_kurtosis", cmp.moments().excessKurtosis());
        r.put("excess_kurtosis_se", cmp.moments().excessKurtosisSe());
        r.put("ks_distance", cmp.ks().distance());
        r.put("ks_pvalue", cmp.ks().pValue());
        r.put("ks_ci95_dkw", pair(cmp.ks().interval()));
        r.put("w1", cmp.w1().estimate());
        r.put("w1_ci95_bootstrap_se", pair(cmp.w1()));
        r.put("kl_kde", cmp.klKde().estimate());
        r.put("kl_kde_ci95_bootstrap_se", pair(cmp.klKde()));
        r.put("kl_kde_vs_limit_density", cmp.klDensity());
        Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("ks_distance", cmp.floor().ks());
        floor.put("w1", cmp.floor().w1());
        floor.put("kl_kde", cmp.floor().klKde());
        floor.put("kl_kde_vs_limit_density", cmp.floor().klDensity());
        r.put("noise_floor", floor);
        Map<String, Object> lim = new LinkedHashMap<>();
        if (limit instanceof ProgramOutputLimit p) {
            lim.put("mean", p.mean());
        }
        lim.put("variance", limit.variance());
        lim.put("excess_kurtosis", limit.excessKurtosis());
        lim.put("method", limit.method());
        r.put("limit", lim);
        r.put("seconds", seconds);
        r.put("samples_per_second", kept / Math.max(seconds, 1e-9));
        return r;
    }
}
