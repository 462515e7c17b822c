package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.experiment.SampleSummary;
import org.attnlimit.experiment.SummaryOptions;
import org.attnlimit.finite.ProgramSampling;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.limit.Law;
import org.attnlimit.limit.ProgramOutputLimit;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.program.BeyondTheoremException;
import org.attnlimit.program.Program;
import org.attnlimit.program.Statement;
import org.attnlimit.random.SampleStreams;
import org.attnlimit.report.Csv;

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
            throw new InvalidInputException("--output needs --program FILE (the built-in layer records its output y)");
        }
        if (c.output == null) {
            throw new InvalidInputException("--program needs --output NAME, the vector to record");
        }
        for (String option : LAYER_OPTIONS) {
            if (c.spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InvalidInputException(option + " describes the built-in layer and would be ignored with --program");
            }
        }
        org.attnlimit.calculus.Require.atLeast("--samples", c.samples, 2);
        c.requireBootstrap();
        c.threads.validate();
        c.format.get();
        // The samples, two limit samples of the same size and the summary's sorted copies and resamples:
        // about eight doubles per sample at the peak (the realisations themselves are O(n·vectors) per thread).
        Budget.requireMemory("--samples", c.samples, 8 * Double.BYTES);
        Program program;
        try {
            program = Program.read(c.program, c.beyondTheorem ? Program.Options.beyondTheorem() : Program.Options.standard());
        } catch (BeyondTheoremException e) {
            throw new InvalidInputException(e.reason() + "; allow it for finite-width simulation only with --beyond-theorem", e);
        }
        if (c.beyondTheorem && !program.beyondTheorem()) {
            throw new InvalidInputException("--beyond-theorem would be ignored: " + c.program.getFileName()
                    + " is within Theorem 3.1");
        }
        Statement def = program.definition(c.output).orElseThrow(() -> new InvalidInputException(
                "no vector named '" + c.output + "' in " + c.program.getFileName() + "; vectors: "
                        + String.join(", ", program.vectors())));
        if (def instanceof Statement.Score) {
            throw new InvalidInputException("'" + c.output + "' is a score, not a vector: simulate --program records"
                    + " a vector (scores are checked by verify --program)");
        }
        int minWidth = ProgramSampling.minimumWidth(program);
        if (c.width < minWidth) {
            throw new InvalidInputException("--width " + c.width + " is below the " + minWidth
                    + " vectors (tokens) one matrix of the program multiplies; use --width >= " + minWidth);
        }
        // Beyond Theorem 3.1 there is no limit law to compare with: the simulation alone is reported.
        // So is a normalisation of a score-dependent vector (its limit divides by a random moment).
        java.util.Optional<String> norm = program.scoreDependentNorm(c.output);
        if (!program.beyondTheorem()) {
            Budget.requireTameScores(program);
        }
        LimitReference limit = null;
        Law sampled = null;
        String noDensity = null;
        if (!program.beyondTheorem() && norm.isEmpty()) {
            try {
                limit = ProgramOutputLimit.of(program, c.output);
            } catch (ProgramOutputLimit.NoDensity e) {
                // Finite-width simulation needs no density: compare moments, and the distribution with a
                // sample of the limit law (two-sample Kolmogorov-Smirnov).
                sampled = e.law();
                noDensity = e.getMessage();
            }
            if (limit != null) {
                Budget.requireSimulable("'" + c.output + "'", limit.variance(), limit.excessKurtosis());
            }
        }
        ProgramSimulator.Method method = ProgramSimulator.Method.parse(c.method.name());
        ProgramSampling sampling = ProgramSampling.of(program, method, List.of(c.output));
        return execute(c, program, sampling, limit, sampled, noDensity);
    }

    private static int execute(SimulateCommand c, Program program, ProgramSampling sampling, LimitReference limit,
            Law sampled, String noDensity) {
        PrintWriter err = c.spec.commandLine().getErr();
        int threadCount = c.threads.count();
        // As the built-in simulate: Ctrl-C while drawing keeps the completed prefix, Ctrl-C during the
        // statistics keeps what was computed; either way the summary is printed, marked partial (exit 130
        // is the JVM's, once the hook is released).
        try (Interrupts interrupts = Interrupts.install()) {
            ProgressBar bar = new ProgressBar(err, "simulate", c.samples);
            long start = System.nanoTime();
            double[] y = sampling.sample(c.width, c.samples, new SampleStreams(c.seed(), threadCount, interrupts.token()), bar);
            double seconds = (System.nanoTime() - start) / 1e9;
            bar.finish();
            boolean interrupted = interrupts.interrupted();
            if (interrupted) {
                err.println("simulate: interrupted; kept " + y.length + " of " + c.samples + " samples");
            }
            if (y.length < 2) {
                // Reported here, before the Ctrl-C hook is released and the JVM halts.
                return Main.report(c.spec.commandLine(),
                        new InvalidInputException("interrupted before 2 samples were drawn; nothing to report"));
            }
            if (c.out() != null) {
                Csv.write(c.out(), List.of(c.output), List.of(y));
            }
            if (sampled != null) {
                c.write(againstSample(c, program, y, interrupted, threadCount, seconds, sampled, noDensity));
                return ExitCode.OK.code();
            }
            if (limit == null) {
                c.write(beyond(c, program, y, interrupted, threadCount, seconds));
                return ExitCode.OK.code();
            }
            SampleSummary summary = c.summarise(y, limit, threadCount, interrupts, err);
            if (!interrupted && summary.partial()) {
                err.println("simulate: interrupted during the statistics; printing what was computed");
            }
            c.write(report(c, y.length, interrupted || summary.partial(), threadCount, seconds, summary, limit));
        }
        return ExitCode.OK.code();
    }

    /** @return which sampler drew the realisations */
    private static String sampler(Program program, SimulateCommand c) {
        ProgramSampling s = ProgramSampling.of(program, ProgramSimulator.Method.parse(c.method.name()), List.of(c.output));
        return s.usesGram(c.width) ? "Gram-level (exact; linear in the Gaussian inputs given the scores, O(1) in n per sample)"
                : c.method.name().equalsIgnoreCase("dense") ? "dense (every matrix entry)" : "Gaussian conditioning (exact)";
    }

    /** Two-sided level of the comparisons below (each stated with its own test). */
    private static final double ALPHA = 1e-3;

    /**
     * The report of an output whose limit law has no density (atoms, or no density formula): the sample's
     * moments against the law's (z-scores from the sample's standard errors), and the two-sample
     * Kolmogorov-Smirnov distance to as many draws of the limit law's own sampler, with its critical value.
     */
    private static Map<String, Object> againstSample(SimulateCommand c, Program program, double[] y, boolean interrupted,
            int threadCount, double seconds, Law law, String why) {
        Map<String, Object> r = beyond(c, program, y, interrupted, threadCount, seconds);
        r.remove("limit");
        r.remove("normalisation");
        r.remove("beyond_theorem");
        r.remove("seconds");
        r.remove("samples_per_second");
        org.attnlimit.stats.Moments m = org.attnlimit.stats.Moments.of(y);
        double[] z = law.sample(y.length, new ParallelSampler(c.seed() ^ 0x5EEDL, ParallelSampler.DEFAULT_CHUNK, threadCount));
        double ks = org.attnlimit.stats.KolmogorovSmirnov.twoSampleDistance(y, z);
        double critical = org.attnlimit.stats.KolmogorovSmirnov.twoSampleCritical(y.length, z.length, ALPHA);
        r.put("limit", "Theorem 3.1 law without a density (" + why + "): compared by its moments and by a two-sample"
                + " Kolmogorov-Smirnov test against " + z.length + " draws of its hierarchical sampler");
        r.put("limit_mean", law.mean().value());
        r.put("limit_variance", law.variance().value());
        r.put("limit_excess_kurtosis", law.excessKurtosis().value());
        r.put("mean_z", (m.mean() - law.mean().value()) / Math.sqrt(m.variance() / y.length));
        r.put("variance_z", (m.variance() - law.variance().value()) / m.varianceSe());
        r.put("ks_two_sample", ks);
        r.put("ks_critical", critical);
        r.put("ks_alpha", ALPHA);
        r.put("ks_verdict", ks <= critical ? "consistent with the limit law" : "differs from the limit law");
        List<Map<String, Object>> atoms = new java.util.ArrayList<>();
        for (Law.Atom a : law.atoms()) {
            atoms.add(Map.of("location", a.location(), "mass", a.mass()));
        }
        r.put("limit_atoms", atoms);
        r.put("seconds", seconds);
        r.put("samples_per_second", y.length / Math.max(seconds, 1e-9));
        return r;
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
        r.put("sampler", sampler(program, c));
        r.put("samples", y.length);
        r.put("interrupted", interrupted);
        r.put("seed", c.seed());
        r.put("threads", threadCount);
        r.put("mean", m.mean());
        r.put("variance", m.variance());
        r.put("variance_se", m.varianceSe());
        r.put("excess_kurtosis", m.excessKurtosis());
        r.put("excess_kurtosis_se", m.excessKurtosisSe());
        List<String> reasons = program.beyondTheoremReasons();
        java.util.Optional<String> norm = program.scoreDependentNorm(c.output);
        if (!reasons.isEmpty()) {
            r.put("beyond_theorem", reasons.get(0) + (reasons.size() > 1 ? " (and " + (reasons.size() - 1)
                    + " more statements)" : ""));
            r.put("limit", "none compared here: beyond Theorem 3.1 the limit is a conjecture (nested conditioning, beyond"
                    + " Theorem 3.1); its law: program FILE --law NAME");
        } else {
            r.put("normalisation", norm.orElse("") + ": divides by the random limit E[(Z^y)^2 | p]");
            r.put("limit", "none compared here: conjecture (nested conditioning, beyond Theorem 3.1); its law: program FILE"
                    + " --law NAME");
        }
        r.put("seconds", seconds);
        r.put("samples_per_second", y.length / Math.max(seconds, 1e-9));
        return r;
    }

    private static Map<String, Object> report(SimulateCommand c, int kept, boolean interrupted, int threadCount,
            double seconds, SampleSummary summary, LimitReference limit) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("program", String.valueOf(c.program.getFileName()));
        r.put("output", c.output + " (coordinate 1)");
        r.put("width", c.width);
        r.put("method", c.method.name());
        r.put("samples", kept);
        r.put("interrupted", interrupted);
        r.put("seed", c.seed());
        r.put("threads", threadCount);
        // A program's vector may have a non-zero mean (the built-in layer's output has none).
        r.put("mean", summary.moments().mean());
        r.putAll(summary.fields());
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
