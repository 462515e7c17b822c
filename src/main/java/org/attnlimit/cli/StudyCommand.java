package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.attnlimit.calculus.Require;
import org.attnlimit.experiment.SummaryOptions;
import org.attnlimit.limit.LimitReference;
import org.attnlimit.report.AtomicFiles;
import org.attnlimit.report.Csv;
import org.attnlimit.report.Json;
import org.attnlimit.report.StudyFigure;
import org.attnlimit.study.Block;
import org.attnlimit.study.BlockRunner;
import org.attnlimit.study.BlockStore;
import org.attnlimit.study.Blocks;
import org.attnlimit.study.InProcessRunner;
import org.attnlimit.study.StudyResult;
import org.attnlimit.study.StudyTarget;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attnlimit study}: a convergence study over widths, its blocks run in-process or as Apache Spark tasks
 * (an embedded {@code local[*]} master by default, or any cluster). Validation first (one line, exit 2), then the
 * blocks (stored as they finish, so {@code --resume} continues a killed study), then the statistics on this JVM.
 */
@Command(name = "study", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Convergence study over widths on Apache Spark (or in-process): for each width, the",
            "summary 'simulate' prints (moments with SEs; KS, W1 and the paper's KDE-KL to the limit law",
            "with noise floors); across widths the fitted rate of each distance, the finite-width",
            "corrections m(n) = m_inf + b/n (+ c/n^2) of the mean, variance and excess kurtosis with m_inf",
            "compared with the limit law, and the width where each distance falls below --epsilon.",
            "Samples are cut into blocks (sample i of width n is drawn from its own stream of seed",
            "S + 1000003 n), run as Spark tasks and merged in order: the result is the same to the last",
            "digit whatever the master, executors, partitions or threads, and equal to --master in-process.",
            "Writes DIR/blocks/ (one file per finished block), DIR/study.json, DIR/study.csv and the",
            "figures DIR/study-distances, study-variance, study-kurtosis (.png, .svg).",
            "Either PROGRAM --output NAME (a .netsor program's vector) or the paper's layer (--phi,",
            "--tokens, --heads)."})
public final class StudyCommand implements Callable<Integer> {
    /** Samples per block when --blocks is not given. */
    static final int SAMPLES_PER_BLOCK = 4096;
    private static final Pattern MASTER = Pattern.compile(
            "in-process|local|local\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\]|spark://\\S+:[0-9]+(,\\S+:[0-9]+)*|k8s://\\S+|yarn");
    private static final List<String> SHIPPED_PREFIXES = List.of("commons-rng-", "commons-statistics-",
            "commons-numbers-", "hipparchus-core-", "hipparchus-stat-");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "PROGRAM", description = "a .netsor program (needs --output)")
    Path program;
    @Option(names = "--output", paramLabel = "NAME", description = "with PROGRAM: the vector whose coordinate 1 is studied")
    String output;
    @Option(names = "--phi", description = "paper layer: activation of the token inputs (default clip:c=100)")
    String phi;
    @Option(names = "--tokens", description = "paper layer: tokens s (default 4)")
    Integer tokens;
    @Option(names = "--heads", description = "paper layer: heads H (default 2)")
    Integer heads;
    @Option(names = "--widths", required = true, split = ",", paramLabel = "N,N,...", description = "the widths n")
    int[] widths;
    @Option(names = "--samples", required = true, paramLabel = "N", description = "samples per width")
    int samples;
    @Mixin
    SharedOptions.SeedOption seedOption = new SharedOptions.SeedOption(1, "seed S, width n using S + 1000003 n");
    @Option(names = "--master", paramLabel = "URL", description = "local[*] (default, or the one spark-submit sets),"
            + " local[N], spark://HOST:PORT, k8s://..., yarn, or in-process (no Spark)")
    String master;
    @Option(names = "--blocks", paramLabel = "B", description = "blocks per width (default: one per "
            + SAMPLES_PER_BLOCK + " samples); scheduling only, the numbers do not depend on it")
    Integer blocks;
    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("DIR", Path.of("study"), "output folder");
    @Option(names = "--resume", description = "reuse the finished blocks in DIR/blocks (a study killed halfway)")
    boolean resume;
    @Option(names = "--epsilon", paramLabel = "E", description = "report the width at which each distance falls below E")
    Double epsilon;
    @Option(names = "--bootstrap", defaultValue = "200", description = "bootstrap replicates for the W1 and KL"
            + " intervals, 0 for none (default: ${DEFAULT-VALUE})")
    int bootstrap;
    @Mixin
    SharedOptions.ThreadsOption threadsOption = new SharedOptions.ThreadsOption(
            "threads of this JVM: blocks with --master in-process, and the statistics");
    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.text, "${FORMATS}", Format.json);

    /** Set by {@link #validate}: the seed, the output folder and this JVM's threads. */
    private long seed;
    private Path out;
    private int threadCount;

    @Override
    public Integer call() {
        StudyTarget target = validate();
        return execute(target);
    }

    private StudyTarget validate() {
        seed = seedOption.seed();
        out = outOption.path();
        format.get();
        Require.atLeast("--samples", samples, 2);
        new SummaryOptions(bootstrap, seed, 1);   // validates --bootstrap
        threadsOption.validate();
        threadCount = threadsOption.count();
        if (epsilon != null && !(epsilon > 0 && Double.isFinite(epsilon))) {
            throw new InvalidInputException("--epsilon must be a positive number, got " + epsilon);
        }
        if (master != null && !MASTER.matcher(master).matches()) {
            throw new InvalidInputException("--master must be local[*], local[N], spark://HOST:PORT, k8s://..., yarn"
                    + " or in-process, got '" + master + "'");
        }
        if (widths.length == 0) {
            throw new InvalidInputException("--widths needs at least one width");
        }
        int[] sorted = widths.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new InvalidInputException("--widths lists " + sorted[i] + " twice");
            }
        }
        widths = sorted;
        int perWidth = blocks == null ? Math.max(1, (samples + SAMPLES_PER_BLOCK - 1) / SAMPLES_PER_BLOCK) : blocks;
        if (perWidth < 1 || perWidth > samples) {
            throw new InvalidInputException("--blocks must be between 1 and --samples (" + samples + "), got " + perWidth);
        }
        blocks = perWidth;
        // The merged samples of one width, the limit samples and the summary's sorted copies: about eight doubles
        // per sample at the peak (one width at a time).
        Budget.requireMemory("--samples", samples, 8 * Double.BYTES);
        StudyTarget target = target();
        int min = target.minimumWidth();
        if (widths[0] < min) {
            throw new InvalidInputException("--widths " + widths[0] + " is below the minimum width " + min
                    + " of " + target.describe());
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new InvalidInputException("--out " + out + " is a file, not a folder");
        }
        return target;
    }

    private StudyTarget target() {
        var parsed = spec.commandLine().getParseResult();
        if (program == null) {
            if (output != null) {
                throw new InvalidInputException("--output needs a PROGRAM (the paper layer records its output y)");
            }
            int s = tokens == null ? 4 : Require.atLeast("--tokens", tokens, 1);
            if (heads != null) {
                Require.atLeast("--heads", heads, 1);
            }
            Budget.requireTokens("study", s, spec.commandLine().getErr());
            return new StudyTarget.PaperLayer(phi == null ? "clip:c=100" : phi, s, heads == null ? 2 : heads);
        }
        for (String option : List.of("--phi", "--tokens", "--heads")) {
            if (parsed.hasMatchedOption(option)) {
                throw new InvalidInputException(option + " describes the paper layer and would be ignored with a PROGRAM");
            }
        }
        if (output == null) {
            throw new InvalidInputException("a PROGRAM needs --output NAME, the vector to study");
        }
        String text;
        try {
            text = Files.readString(program, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new InvalidInputException("cannot read program file " + program + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : AtomicFiles.reason(e)));
        }
        return new StudyTarget.ProgramOutput(String.valueOf(program.getFileName()), text, output);
    }

    private int execute(StudyTarget target) {
        PrintWriter err = spec.commandLine().getErr();
        BlockStore store = BlockStore.of(out, target, seed);
        if (!resume && store.anyBlock()) {
            throw new InvalidInputException(store.dir() + " already holds blocks of a study: pass --resume to"
                    + " continue it, or choose another --out");
        }
        List<Block> plan = Blocks.plan(widths, samples, blocks);
        Map<Block, double[]> finished = new HashMap<>();
        List<Block> pending = new ArrayList<>();
        for (Block b : plan) {
            var stored = resume ? store.read(b) : java.util.Optional.<double[]>empty();
            if (stored.isPresent()) {
                finished.put(b, stored.get());
            } else {
                pending.add(b);
            }
        }
        AtomicFiles.createDirectories(out);
        boolean tty = System.console() != null;
        try (Interrupts interrupts = Interrupts.install()) {
            long start = System.nanoTime();
            // The runner first: a master that cannot start is one line, before any progress line.
            BlockRunner started = pending.isEmpty() ? null : runner();
            stage(err, String.format(Locale.ROOT, "%s; %d widths x %d samples in %d blocks (%d stored, %d to run)",
                    target.describe(), widths.length, samples, plan.size(), finished.size(), pending.size()));
            if (started != null) {
                try (BlockRunner runner = started) {
                    stage(err, "running blocks on " + runner.describe());
                    ProgressBar bar = tty ? new ProgressBar(err, "study", plan.size()) : null;
                    int[] done = {finished.size()};
                    runner.run(target, seed, pending, interrupts.token(), (b, values) -> {
                        store.write(b, values);
                        finished.put(b, values);
                        done[0]++;
                        if (bar != null) {
                            bar.accept(done[0]);
                        }
                    });
                    if (bar != null) {
                        bar.finish();
                    }
                }
                stage(err, String.format(Locale.ROOT, "blocks done: %d of %d stored in %s (%.1f s)", finished.size(),
                        plan.size(), store.dir(), (System.nanoTime() - start) / 1e9));
            }
            if (finished.size() < plan.size()) {
                err.println("study: interrupted; " + finished.size() + " of " + plan.size() + " blocks are stored in "
                        + store.dir() + "; run the same command with --resume to continue");
                err.flush();
                return ExitCode.INTERNAL.code();
            }
            LimitReference limit = target.limit(seed);
            List<StudyResult.Width> results = new ArrayList<>();
            for (int n : widths) {
                double[] y = merge(plan, finished, n);
                StudyResult.Width w = StudyResult.summarise(n, Blocks.widthSeed(seed, n), y, limit, bootstrap,
                        threadCount, interrupts.token());
                if (w.summary().partial()) {
                    err.println("study: interrupted during the statistics; the blocks are stored, run again with --resume");
                    err.flush();
                    return ExitCode.INTERNAL.code();
                }
                results.add(w);
                stage(err, String.format(Locale.ROOT, "n=%d: statistics done", n));
            }
            StudyResult result = new StudyResult(target, limit, target.limitMean(limit), seed, samples, blocks, results,
                    epsilon);
            write(result);
            stage(err, String.format(Locale.ROOT, "wrote %s (study.json, study.csv, figures) in %.1f s", out,
                    (System.nanoTime() - start) / 1e9));
            print(result);
        }
        return ExitCode.OK.code();
    }

    private BlockRunner runner() {
        if ("in-process".equals(master)) {
            return new InProcessRunner(threadCount);
        }
        return BlockRunner.spark(master, shippedJars());
    }

    /** This application's jar and the libraries a block uses, for a cluster's executors. */
    static List<String> shippedJars() {
        List<String> jars = new ArrayList<>();
        try {
            Path self = Path.of(StudyCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(self)) {
                return jars;   // classes folder: a local master only
            }
            jars.add(self.toAbsolutePath().toString());
            Path lib = self.toAbsolutePath().getParent().resolve("lib");
            if (Files.isDirectory(lib)) {
                try (var files = Files.list(lib)) {
                    files.map(p -> p.getFileName().toString()).sorted()
                            .filter(n -> n.endsWith(".jar") && SHIPPED_PREFIXES.stream().anyMatch(n::startsWith))
                            .forEach(n -> jars.add(lib.resolve(n).toAbsolutePath().toString()));
                }
            }
        } catch (java.net.URISyntaxException | java.io.IOException | SecurityException e) {
            throw new IllegalStateException("cannot locate attnlimit's jar to ship to the executors: " + e.getMessage());
        }
        return jars;
    }

    private static double[] merge(List<Block> plan, Map<Block, double[]> finished, int n) {
        int total = 0;
        for (Block b : plan) {
            if (b.width() == n) {
                total += b.size();
            }
        }
        double[] y = new double[total];
        for (Block b : plan) {
            if (b.width() == n) {
                System.arraycopy(finished.get(b), 0, y, b.from(), b.size());
            }
        }
        return y;
    }

    private void write(StudyResult result) {
        AtomicFiles.writeString(out.resolve("study.json"), Json.write(result.json()) + "\n");
        Csv.writeRows(out.resolve("study.csv"), List.of("attnlimit study: " + result.target().describe(),
                "seed " + seed + " (width n: seed + 1000003 n), " + samples + " samples per width"),
                StudyResult.csvHeader(), result.csvRows());
        StudyFigure.write(out, result);
    }

    private void print(StudyResult r) {
        PrintWriter o = spec.commandLine().getOut();
        if (format.get() == Format.json) {
            o.println(Json.write(r.json()));
            o.flush();
            return;
        }
        o.printf(Locale.ROOT, "target   %s%n", r.target().describe());
        o.printf(Locale.ROOT, "limit    mean %.6g, variance %.6g, excess kurtosis %.6g (%s)%n", r.limitMoment("mean"),
                r.limitMoment("variance"), r.limitMoment("excess_kurtosis"), r.limit().method());
        o.printf(Locale.ROOT, "samples  %d per width, seed %d%n%n", samples, seed);
        o.printf(Locale.ROOT, "%7s  %-21s  %-21s  %-19s  %-19s  %-19s%n", "n", "variance ± SE", "excess kurt ± SE",
                "KS (floor)", "W1 (floor)", "KDE-KL (floor)");
        for (StudyResult.Width w : r.widths()) {
            double[] v = w.moment("variance");
            double[] k = w.moment("excess_kurtosis");
            o.printf(Locale.ROOT, "%7d  %-21s  %-21s  %-19s  %-19s  %-19s%n", w.width(),
                    String.format(Locale.ROOT, "%.5f ± %.5f", v[0], v[1]), String.format(Locale.ROOT, "%.4f ± %.4f", k[0], k[1]),
                    pair(w.distance("ks_distance"), w.floor("ks_distance")), pair(w.distance("w1"), w.floor("w1")),
                    pair(w.distance("kl_kde"), w.floor("kl_kde")));
        }
        o.println();
        for (String d : StudyResult.DISTANCES) {
            var f = r.rate(d);
            o.printf(Locale.ROOT, "rate     %-12s %s%n", d, f == null ? "not fitted (fewer than 3 widths above 2 x floor)"
                    : String.format(Locale.ROOT, "n^%.3f, 95%% CI [%.3f, %.3f] (%d widths)", f.slope(),
                    f.slopeInterval().lower(), f.slopeInterval().upper(), f.points()));
        }
        for (String m : StudyResult.MOMENTS) {
            for (int terms = 2; terms <= 3; terms++) {
                var f = r.correction(m, terms);
                if (f == null) {
                    continue;
                }
                double[] ci = f.interval(0);
                double[] bi = f.interval(1);
                o.printf(Locale.ROOT, "1/n fit  %-16s %s: m_inf %.5g [%.5g, %.5g] vs limit %.5g; b %.4g [%.4g, %.4g];"
                        + " chi2 %.1f on %d%n", m, terms == 2 ? "b/n      " : "b/n+c/n^2", f.coefficients()[0], ci[0],
                        ci[1], r.limitMoment(m), f.coefficients()[1], bi[0], bi[1], f.chiSquare(), f.degreesOfFreedom());
            }
        }
        if (epsilon != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> eps = (Map<String, Object>) r.json().get("below_epsilon");
            for (String d : StudyResult.DISTANCES) {
                o.printf(Locale.ROOT, "epsilon  %-12s %s%n", d, eps.get(d));
            }
        }
        o.printf(Locale.ROOT, "%nfiles    %s%n", out.resolve("study.json"));
        o.flush();
    }

    private static String pair(double d, double floor) {
        return String.format(Locale.ROOT, "%.4g (%.2g)", d, floor);
    }

    private static void stage(PrintWriter err, String line) {
        err.println("study: " + line);
        err.flush();
    }
}
