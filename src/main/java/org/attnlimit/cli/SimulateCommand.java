package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Require;
import org.attnlimit.experiment.LimitLaw;
import org.attnlimit.experiment.SampleSummary;
import org.attnlimit.experiment.SummaryOptions;
import org.attnlimit.finite.AttentionSampler;
import org.attnlimit.finite.DenseAttentionSampler;
import org.attnlimit.finite.ExactAttentionSampler;
import org.attnlimit.finite.LayerLimit;
import org.attnlimit.finite.LayerSpec;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.finite.Readout;
import org.attnlimit.finite.Scaling;
import org.attnlimit.program.AttentionProgram;
import org.attnlimit.program.Program;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.report.Csv;
import org.attnlimit.report.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlimit simulate}: samples the finite-width layer of Appendix B and measures its distance to the limit. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Simulate the finite-width attention layer (Appendix B) and compare it with",
            "the limit (Example 3.1): moments, Kolmogorov-Smirnov, Wasserstein-1 and the",
            "paper's KDE-KL (its compute_kl: Scott KDEs + 1e-12 on 500 points spanning both",
            "samples, discrete relative entropy), with bootstrap intervals and noise floors.",
            "Ctrl-C prints the summary of what was drawn and computed so far, marked",
            "partial, and exits 130.",
            "With --program FILE --output NAME: the same for coordinate 1 of any vector",
            "of a .netsor program, simulated exactly by Gaussian conditioning (no n x n",
            "matrix; --method dense draws every matrix), against that vector's limit law",
            "(Theorem 3.1, Corollary 3.2)."})
public final class SimulateCommand implements Callable<Integer> {
    /** Samplers. */
    enum Method { exact, dense }

    private static final int DENSE_CHUNK = 8;

    @Spec
    CommandSpec spec;

    @Option(names = "--program", paramLabel = "FILE",
            description = "simulate this .netsor program instead of the built-in layer (needs --output)")
    Path program;
    @Option(names = "--output", paramLabel = "NAME",
            description = "with --program: the vector whose coordinate 1 is recorded, e.g. y1")
    String output;
    @Option(names = "--beyond-theorem",
            description = "with --program: accept a score-dependent vector fed to a matrix (beyond Theorem 3.1;"
                    + " simulation only, no limit to compare with)")
    boolean beyondTheorem;
    @Option(names = "--phi", defaultValue = "clip:c=100", description = "activation of the token inputs (default: ${DEFAULT-VALUE})")
    String phi;
    @Option(names = "--tokens", defaultValue = "4", description = "tokens s (default: ${DEFAULT-VALUE})")
    int tokens;
    @Option(names = "--heads", description = "heads H (default 2; with --low-rank, n/d_h)")
    Integer heads;
    @Option(names = "--width", defaultValue = "1024", description = "width n (default: ${DEFAULT-VALUE})")
    int width;
    @Option(names = "--samples", defaultValue = "50000", description = "samples (default: ${DEFAULT-VALUE})")
    int samples;
    @Mixin
    SharedOptions.SeedOption seedOption = new SharedOptions.SeedOption(1, "seed");
    @Option(names = "--method", defaultValue = "exact", description = "exact (reduced, O(s·n); for a program: Gaussian conditioning, O(n·k) per product) or dense (every matrix drawn, O(n²) per product)")
    Method method;
    @Option(names = "--scaling", defaultValue = "sqrt", description = "score scaling: sqrt (1/sqrt(d)) or linear (1/d)")
    String scaling;
    @Option(names = "--low-rank", description = "low-rank heads (Appendix B.2): n = d_h·H")
    boolean lowRank;
    @Option(names = "--head-dim", defaultValue = "64", description = "head dimension d_h with --low-rank (default: ${DEFAULT-VALUE})")
    int headDim;
    @Mixin
    SharedOptions.ThreadsOption threads = new SharedOptions.ThreadsOption();
    @Option(names = "--bootstrap", defaultValue = "200", description = "bootstrap replicates for the W1 and KL intervals, "
            + "0 for none (default: ${DEFAULT-VALUE})")
    int bootstrap;
    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("FILE", null, "write the samples to this CSV file");
    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.text, "${FORMATS}", Format.json);

    @Override
    public Integer call() {
        if (program != null || output != null) {
            return ProgramSimulation.run(this);
        }
        LayerSpec layer = validate();
        return execute(layer);
    }

    private LayerSpec validate() {
        Activation activation = Activation.parse(phi);
        Require.atLeast("--width", width, 1);
        Require.atLeast("--tokens", tokens, 1);
        if (heads != null) {
            Require.atLeast("--heads", heads, 1);
        }
        if (lowRank) {
            Require.atLeast("--head-dim", headDim, 1);
        } else if (spec.commandLine().getParseResult().hasMatchedOption("--head-dim")) {
            throw new InvalidInputException("--head-dim needs --low-rank (full-rank heads have d = n)");
        }
        if (width < tokens) {
            throw new InvalidInputException("--width must be >= --tokens, got --width " + width + ", --tokens " + tokens);
        }
        Budget.requireTokens("simulate", tokens, spec.commandLine().getErr());
        Budget.requireSimulationTime(method == Method.dense, samples, heads == null ? (lowRank ? width / Math.max(1, headDim) : 2) : heads,
                tokens, width);
        // The layer's samples, two limit samples of the same size, and the sorted copies and bootstrap
        // resamples of the comparison: about eight doubles per sample at the peak.
        Budget.requireMemory("--samples", samples, 8 * Double.BYTES);
        Require.atLeast("--samples", samples, 2);
        requireBootstrap();
        threads.validate();
        format.get();
        Scaling s = switch (scaling.toLowerCase(Locale.ROOT)) {
            case "sqrt" -> Scaling.SQRT;
            case "linear" -> Scaling.LINEAR;
            default -> throw new InvalidInputException("--scaling must be sqrt or linear, got '" + scaling + "'");
        };
        LayerSpec layer;
        if (lowRank) {
            layer = LayerSpec.lowRank(activation, width, tokens, headDim).withScaling(s);
            if (heads != null && heads != layer.heads()) {
                throw new InvalidInputException("--heads " + heads + " contradicts --low-rank: H = n/d_h = " + layer.heads());
            }
        } else {
            // Validates the shape with the layer's messages, then reads the layer from its program (the
            // template of Example 3.1), as the engines would from the same .netsor file.
            // The heads are iid blocks: the template is built with at most two of them and the layer given H (a
            // program of H heads costs O(H) statements to build and recognise).
            int h = heads == null ? 2 : heads;
            LayerSpec.paper(activation, width, tokens, h);
            Program program = AttentionProgram.paper(activation, tokens, Math.min(h, 2), 1, 1, 1, 1);
            LayerSpec l = LayerSpec.of(program, AttentionProgram.OUTPUT, width).orElseThrow(() -> new IllegalStateException(
                    "the template of Example 3.1 was not recognised as Appendix B's layer"));
            layer = new LayerSpec(l.phi(), l.width(), l.tokens(), h, l.headDim(), s, l.sigmaQ(), l.sigmaK(), l.sigmaV(),
                    l.sigmaO());
        }
        return layer;
    }

    private int execute(LayerSpec layer) {
        PrintWriter err = spec.commandLine().getErr();
        int threadCount = threads.count();
        // Dense samples cost O(s·n²) each: small chunks keep Ctrl-C and the progress bar responsive.
        // (The chunk size is part of the reproducibility contract, so it is fixed per method.)
        int chunk = method == Method.exact ? ParallelSampler.DEFAULT_CHUNK : DENSE_CHUNK;
        ParallelSampler ps = new ParallelSampler(seed(), chunk, threadCount);
        AttentionSampler sampler = method == Method.exact ? ExactAttentionSampler.of(layer) : DenseAttentionSampler.of(layer);
        // the limit first (it does not depend on the samples): a layer whose moments leave double precision is
        // refused before any sampling
        LimitReference limit = LayerLimit.reference(layer, seed() ^ 0x5EEDL);
        Budget.requireSimulable("the output", limit.variance(), limit.excessKurtosis());
        Map<String, Object> result;
        try (Interrupts interrupts = Interrupts.install()) {
            ProgressBar bar = new ProgressBar(err, "simulate", samples);
            long start = System.nanoTime();
            double[] y = sampler.sample(samples, Readout.OUTPUT, ps.withCancellation(interrupts.token()), bar);
            double seconds = (System.nanoTime() - start) / 1e9;
            bar.finish();
            boolean interrupted = interrupts.interrupted();
            if (interrupted) {
                err.println("simulate: interrupted; kept " + y.length + " of " + samples + " samples");
            }
            if (y.length < 2) {
                // Reported here, before the Ctrl-C hook is released and the JVM halts.
                return Main.report(spec.commandLine(),
                        new InvalidInputException("interrupted before 2 samples were drawn; nothing to report"));
            }
            if (out() != null) {
                Csv.write(out(), List.of("y"), List.of(y));
            }
            SampleSummary summary = summarise(y, limit, threadCount, interrupts, err);
            if (!interrupted && summary.partial()) {
                err.println("simulate: interrupted during the statistics; printing what was computed");
            }
            result = report(layer, y.length, interrupted || summary.partial(), threadCount, seconds, summary, limit);
            write(result);
        }
        return ExitCode.OK.code();
    }

    /** The statistics phase; a line on stderr if it outlasts the progress bar's quiet time, saying Ctrl-C is safe. */
    SampleSummary summarise(double[] y, LimitReference limit, int threadCount, Interrupts interrupts,
            PrintWriter err) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "attnlimit-simulate-note");
            t.setDaemon(true);
            return t;
        });
        timer.schedule(() -> {
            err.println("simulate: computing statistics of " + y.length + " samples (" + bootstrap
                    + " bootstrap replicates); Ctrl-C prints what is done");
            err.flush();
        }, 2, TimeUnit.SECONDS);
        try {
            return SampleSummary.of(y, LimitLaw.of(limit), new SummaryOptions(bootstrap, seed(), threadCount),
                    interrupts.token());
        } finally {
            timer.shutdownNow();
        }
    }

    private Map<String, Object> report(LayerSpec layer, int kept, boolean interrupted, int threadCount,
            double seconds, SampleSummary summary, LimitReference limit) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("layer", layer.describe());
        r.put("method", method.name());
        r.put("samples", kept);
        r.put("interrupted", interrupted);
        r.put("seed", seed());
        r.put("threads", threadCount);
        r.putAll(summary.fields());
        Map<String, Object> lim = new LinkedHashMap<>();
        lim.put("variance", limit.variance());
        lim.put("excess_kurtosis", limit.excessKurtosis());
        lim.put("infinite_head_variance", limit.infiniteHeadVariance());
        lim.put("score_variance", limit.scoreVariance());
        lim.put("method", limit.method());
        r.put("limit", lim);
        r.put("seconds", seconds);
        r.put("samples_per_second", kept / Math.max(seconds, 1e-9));
        return r;
    }

    /** Bootstrap replicates: 0 (no intervals) or at least 2, and affordable ({@link Budget#requireBootstrap}). */
    void requireBootstrap() {
        if (bootstrap < 0 || bootstrap == 1) {
            throw new InvalidInputException("--bootstrap must be 0 (no intervals) or at least 2 replicates, got " + bootstrap);
        }
        Budget.requireBootstrap(bootstrap, samples);
    }

    long seed() {
        return seedOption.seed();
    }

    Path out() {
        return outOption.path();
    }

    void write(Map<String, Object> result) {
        PrintWriter o = spec.commandLine().getOut();
        if (format.get() == Format.json) {
            o.println(Json.write(result));
        } else {
            for (Map.Entry<String, Object> e : result.entrySet()) {
                o.printf(Locale.ROOT, "%-26s %s%n", e.getKey(), text(e.getValue()));
            }
        }
        o.flush();
    }

    private static String text(Object v) {
        if (v == null) {
            return "not computed (see not_computed)";
        }
        if (v instanceof Double d) {
            return String.format(Locale.ROOT, "%.6g", d);
        }
        if (v instanceof double[] a) {
            return String.format(Locale.ROOT, "[%.6g, %.6g]", a[0], a[1]);
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                b.append(b.length() == 0 ? "" : "  ").append(e.getKey()).append('=').append(text(e.getValue()));
            }
            return b.toString();
        }
        return String.valueOf(v);
    }
}
