package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Require;
import org.attnlimit.limit.AttentionLimit;
import org.attnlimit.limit.AttentionSetup;
import org.attnlimit.random.ParallelSampler;
import org.attnlimit.report.AtomicFiles;
import org.attnlimit.report.Json;
import org.attnlimit.report.LatexTable;
import org.attnlimit.report.LimitReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code attnlimit limit}: the limit law of multi-head attention (Example 3.1). */
@Command(name = "limit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {
            "The infinite-width law of one output coordinate of multi-head attention (Example 3.1):",
            "  Z^{y_1} | p ~ N(0, V),  V = (sigma_O^2 sigma_V^2 / H) sum_a s_a' K s_a,  s_a = softmax(p^a_{1.}),",
            "  p^a_{1.} ~ N(0, sigma_Q^2 sigma_K^2 K_11 K) iid over heads a.",
            "Prints the variance, fourth moment, excess kurtosis (by quadrature over the scores, with an",
            "error estimate), the infinite-head Gaussian variance E[V] (Remark 3.2), and the density and",
            "CDF at --at points; --sample draws from the hierarchical sampler (scores, then the output).",
            "K defaults to the paper's inputs x_j = phi(h_j), h_j iid N(0,1): K_jj = E[phi(Z)^2],",
            "K_jl = E[phi(Z)]^2; --gram gives K directly (rows separated by ';').",
            "",
            "Examples:",
            "  attnlimit limit --phi clip:c=1 --tokens 2 --heads 1 --at -1,0,1",
            "  attnlimit limit --phi relu --tokens 4 --heads 2 --format json",
            "  attnlimit limit --gram '1,0.5;0.5,1' --sample 100000 --seed 7 --out y.csv"
        })
public final class LimitCommand implements Callable<Integer> {

    /** Tokens when neither --tokens nor --gram says: s = 4, the paper's (Appendix B.1), as simulate's default. */
    static final int DEFAULT_TOKENS = 4;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--phi", defaultValue = "clip:c=100", description = "activation of the inputs (default: ${DEFAULT-VALUE}, the paper's;"
            + " the defaults of --phi, --tokens and --heads are the layer of the paper's Figure 1, as in simulate)")
    String phi;

    @Option(names = {"-s", "--tokens"}, description = "number of tokens s (default 4, or the size of --gram)")
    Integer tokens;

    @Option(names = {"-H", "--heads"}, defaultValue = "2", description = "number of heads H (default: ${DEFAULT-VALUE})")
    int heads;

    @Option(names = "--sigma-q", defaultValue = "1", description = "sigma_Q (default: ${DEFAULT-VALUE})")
    double sigmaQ;

    @Option(names = "--sigma-k", defaultValue = "1", description = "sigma_K (default: ${DEFAULT-VALUE})")
    double sigmaK;

    @Option(names = "--sigma-v", defaultValue = "1", description = "sigma_V (default: ${DEFAULT-VALUE})")
    double sigmaV;

    @Option(names = "--sigma-o", defaultValue = "1", description = "sigma_O (default: ${DEFAULT-VALUE})")
    double sigmaO;

    @Option(names = "--gram", paramLabel = "K", description = "Gram matrix K, e.g. '1,0;0,1' (default: from --phi)")
    String gram;

    @Option(names = "--at", split = ",", paramLabel = "Y", description = "points for pdf and cdf, e.g. -1,0,1")
    double[] at;

    @Option(names = "--quantile", split = ",", paramLabel = "P", description = "quantile levels in (0,1), e.g. 0.025,0.975")
    double[] quantiles;

    @Option(names = "--sample", paramLabel = "N", description = "draw N samples of Z^{y_1} (hierarchical sampler)")
    Integer sample;

    @Mixin
    SharedOptions.SeedOption seedOption = new SharedOptions.SeedOption(1, "seed of the sampler");

    @Mixin
    SharedOptions.ThreadsOption threads = new SharedOptions.ThreadsOption("sampler threads");

    @Mixin
    SharedOptions.OutOption outOption = new SharedOptions.OutOption("FILE", null, "write the samples here as CSV (column y)");

    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.text, "${FORMATS} (latex: a booktabs table)",
            Format.json, Format.latex);

    @Option(names = "--fragment", description = "with --format latex: a table environment to \\input, not a document")
    boolean fragment;

    @Override
    public Integer call() {
        AttentionSetup setup = setup();
        long t0 = System.nanoTime();
        AttentionLimit law = AttentionLimit.of(setup);
        double[] ys = at == null ? new double[0] : at;
        double[] pdf = law.pdf(ys);
        double[] cdf = law.cdf(ys);
        double[] pdfErr = law.pdfError(ys);
        double[] cdfErr = law.cdfError(ys);
        double[] qs = new double[quantiles == null ? 0 : quantiles.length];
        for (int i = 0; i < qs.length; i++) {
            qs[i] = law.quantile(quantiles[i]);
        }
        double millis = (System.nanoTime() - t0) / 1e6;
        double[] samples = null;
        if (sample != null) {
            ParallelSampler sampler = ParallelSampler.of(seedOption.seed());
            if (threads.given()) {
                sampler = sampler.withThreads(threads.count());
            }
            samples = law.sample(sample, sampler);
            if (outOption.present()) {
                writeCsv(samples);
            }
        }
        PrintWriter w = spec.commandLine().getOut();
        if (format.get() == Format.json) {
            w.println(Json.write(json(law, ys, pdf, pdfErr, cdf, cdfErr, qs, samples, millis)));
        } else if (format.get() == Format.latex) {
            LatexTable table = LimitReport.latexTable(law, ys, pdf, pdfErr, cdf, cdfErr,
                    quantiles == null ? new double[0] : quantiles, qs);
            w.print(fragment ? table.fragment() : table.document());
        } else {
            w.print(text(law, ys, pdf, pdfErr, cdf, cdfErr, qs, samples, millis));
        }
        w.flush();
        return ExitCode.OK.code();
    }

    private AttentionSetup setup() {
        Activation activation = Activation.parse(phi);
        if (at != null) {
            for (double y : at) {
                Require.finite("--at point", y);
            }
        }
        if (gram != null && spec.commandLine().getParseResult().hasMatchedOption("--phi")) {
            throw new InvalidInputException("--phi and --gram exclude each other: --phi only builds the default K"
                    + " (K_jj = E[phi(Z)^2], K_jl = E[phi(Z)]^2)");
        }
        if (tokens != null) {
            Require.atLeast("--tokens", tokens, 1);
        }
        for (String option : new String[] {"--seed", "--threads", "--out"}) {
            if (sample == null && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new InvalidInputException(option + " needs --sample N");
            }
        }
        threads.validate();
        if (fragment && format.get() != Format.latex) {
            throw new InvalidInputException("--fragment applies to --format latex only");
        }
        if (sample != null) {
            Require.atLeast("--sample", sample, 1);
            // The draws, and with --out their CSV text (about 24 bytes each, held twice while encoding).
            Budget.requireMemory("--sample", sample, Double.BYTES + (outOption.present() ? 48 : 0));
        }
        Require.atLeast("--heads", heads, 1);
        Budget.requireLimitHeads(heads);
        if (sample != null) {
            Budget.requireLimitSampling(sample, heads, tokens != null ? tokens : gram != null ? gramSize(gram) : DEFAULT_TOKENS);
        }
        // The setup is built directly, whatever H: the heads are iid blocks, so the law depends on H in closed form
        // (AttentionLimit); no program of H heads is built (H = 100 000 would cost minutes, H = 4000 all memory).
        if (gram != null) {
            double[][] k = parseGram(gram);
            if (tokens != null && tokens != k.length) {
                throw new InvalidInputException("--tokens " + tokens + " does not match the " + k.length
                        + "x" + k.length + " --gram");
            }
            checkCost(k.length);
            // The setup is Example 3.1's parameter record: built directly (the same numbers as the setup
            // recognised in the program AttentionProgram.withGram writes, which the tests check).
            return new AttentionSetup(activation, k.length, heads, sigmaQ, sigmaK, sigmaV, sigmaO, k);
        }
        checkCost(tokens == null ? DEFAULT_TOKENS : tokens);
        return AttentionSetup.paper(activation, tokens == null ? DEFAULT_TOKENS : tokens, heads)
                .withSigmas(sigmaQ, sigmaK, sigmaV, sigmaO);
    }

    /** @return the number of rows of a {@code --gram} text (its size, before it is parsed and validated) */
    private static int gramSize(String text) {
        return text.split(";", -1).length;
    }

    private void checkCost(int s) {
        Budget.requireTokens("limit", s, spec.commandLine().getErr());
    }

    static double[][] parseGram(String text) {
        String[] rows = text.split(";", -1);
        double[][] k = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].isBlank()) {
                throw new InvalidInputException("--gram: row " + (i + 1) + " is empty; expected e.g. '1,0;0,1'");
            }
            String[] cells = rows[i].trim().split("[,\\s]+");
            k[i] = new double[cells.length];
            for (int j = 0; j < cells.length; j++) {
                try {
                    k[i][j] = org.attnlimit.calculus.Numbers.parseDouble(cells[j]);
                } catch (NumberFormatException e) {
                    throw new InvalidInputException("--gram: '" + cells[j] + "' is not a number (row " + (i + 1)
                            + "); expected e.g. '1,0;0,1'");
                }
            }
        }
        return k;
    }

    private void writeCsv(double[] samples) {
        StringBuilder b = new StringBuilder("y\n");
        for (double y : samples) {
            b.append(y).append('\n');
        }
        AtomicFiles.writeString(outOption.path(), b);
    }

    private Map<String, Object> json(AttentionLimit law, double[] ys, double[] pdf, double[] pdfErr, double[] cdf,
            double[] cdfErr, double[] qs, double[] samples, double millis) {
        AttentionSetup s = law.setup();
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> setupMap = new LinkedHashMap<>();
        setupMap.put("phi", s.phi().spec());
        setupMap.put("tokens", s.tokens());
        setupMap.put("heads", s.heads());
        setupMap.put("sigma_q", s.sigmaQ());
        setupMap.put("sigma_k", s.sigmaK());
        setupMap.put("sigma_v", s.sigmaV());
        setupMap.put("sigma_o", s.sigmaO());
        setupMap.put("gram", s.gram());
        m.put("setup", setupMap);
        m.put("variance", law.variance());
        m.put("fourth_moment", law.fourthMoment());
        m.put("excess_kurtosis", law.excessKurtosis());
        m.put("error_bound", law.errorBound());
        m.put("method", law.method());
        m.put("infinite_head_variance", law.infiniteHeadVariance());
        m.put("score_variance", law.scoreVariance());
        m.put("at", ys);
        m.put("pdf", pdf);
        m.put("pdf_error", pdfErr);
        m.put("cdf", cdf);
        m.put("cdf_error", cdfErr);
        if (qs.length > 0) {
            m.put("quantile_levels", quantiles);
            m.put("quantiles", qs);
        }
        if (samples != null) {
            m.put("sample", sampleSummary(samples));
        }
        m.put("time_ms", millis);
        return m;
    }

    private Map<String, Object> sampleSummary(double[] y) {
        double m2 = 0;
        double m4 = 0;
        for (double v : y) {
            m2 += v * v;
            m4 += v * v * v * v;
        }
        m2 /= y.length;
        m4 /= y.length;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", y.length);
        m.put("seed", seedOption.seed());
        m.put("second_moment", m2);
        m.put("fourth_moment", m4);
        if (outOption.present()) {
            m.put("file", outOption.path().toString());
        }
        return m;
    }

    private String text(AttentionLimit law, double[] ys, double[] pdf, double[] pdfErr, double[] cdf, double[] cdfErr,
            double[] qs, double[] samples, double millis) {
        AttentionSetup s = law.setup();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Limit law of Z^{y_1} (Example 3.1): phi = %s, s = %d, H = %d,"
                + " sigma_Q = %s, sigma_K = %s, sigma_V = %s, sigma_O = %s%n", s.phi().spec(), s.tokens(), s.heads(),
                num(s.sigmaQ()), num(s.sigmaK()), num(s.sigmaV()), num(s.sigmaO())));
        b.append("Gram K = ").append(gramText(s.gram()))
                .append(gram == null ? "  (x_j = phi(h_j), h_j iid N(0,1))" : "  (given)").append('\n');
        b.append(String.format(Locale.ROOT, "  variance               E[V]     = %.12g%n", law.variance()));
        b.append(String.format(Locale.ROOT, "  fourth moment          3E[V^2]  = %.12g%n", law.fourthMoment()));
        b.append(String.format(Locale.ROOT, "  excess kurtosis                 = %.12g%n", law.excessKurtosis()));
        b.append(String.format(Locale.ROOT, "  relative error estimate         = %.1e  (%s)%n", law.errorBound(), law.method()));
        b.append(String.format(Locale.ROOT, "  infinite-head variance (Remark 3.2) = %.12g%n", law.infiniteHeadVariance()));
        b.append(String.format(Locale.ROOT, "  score variance  Var(p_11)       = %.12g%n", law.scoreVariance()));
        if (ys.length > 0) {
            b.append(String.format(Locale.ROOT, "  %12s  %16s  %9s  %16s  %9s%n", "y", "pdf(y)", "+-", "cdf(y)", "+-"));
            for (int i = 0; i < ys.length; i++) {
                b.append(String.format(Locale.ROOT, "  %12.6g  %16.12g  %9.1e  %16.12g  %9.1e%n",
                        ys[i], pdf[i], pdfErr[i], cdf[i], cdfErr[i]));
            }
        }
        for (int i = 0; i < qs.length; i++) {
            b.append(String.format(Locale.ROOT, "  quantile(%s) = %.12g%n", num(quantiles[i]), qs[i]));
        }
        if (samples != null) {
            Map<String, Object> sum = sampleSummary(samples);
            b.append(String.format(Locale.ROOT, "  sample: %d draws (seed %d): E[y^2] = %.6g, E[y^4] = %.6g%s%n",
                    samples.length, seedOption.seed(), (Double) sum.get("second_moment"), (Double) sum.get("fourth_moment"),
                    outOption.present() ? ", written to " + outOption.path() : ""));
        }
        b.append(String.format(Locale.ROOT, "  (computed in %.0f ms)%n", millis));
        return b.toString();
    }

    /** The matrix, or for exchangeable tokens its two values (a 10 x 10 matrix is unreadable). */
    private static String gramText(double[][] k) {
        boolean exchangeable = k.length > 2;
        for (int i = 0; i < k.length && exchangeable; i++) {
            for (int j = 0; j < k.length; j++) {
                exchangeable &= k[i][j] == (i == j ? k[0][0] : k[0][1]);
            }
        }
        if (exchangeable) {
            return String.format(Locale.ROOT, "%d x %d, K_jj = %.12g, K_jl = %.12g (j != l)",
                    k.length, k.length, k[0][0], k[0][1]);
        }
        return java.util.Arrays.deepToString(k);
    }

    private static String num(double x) {
        return Activation.formatNumber(x);
    }

    static List<String> formats() {
        return List.of("text", "json", "latex");
    }
}
