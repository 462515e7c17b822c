package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.attnlimit.calculus.Activation;
import org.attnlimit.finite.ProgramSimulator;
import org.attnlimit.program.Expr;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Scaling;
import org.attnlimit.program.Statement;

/**
 * Proposition D.1 on any Netsor program: the scores of the finite-width simulation ({@link ProgramSimulator}
 * by Gaussian conditioning, exact in law; one fresh set of matrices per realisation) against the Gaussian
 * limit of Definition 3.1 (B) ({@link ProgramLimit#scoreCovariance()}), entry by entry.
 *
 * <p>Estimate: {@code E[p_k p_l]} by the mean of products over R realisations ({@code E p_k = 0} exactly,
 * by Assumption 3.1 (b)), interval {@code Z·SE} with the SE from the sample sd of the products.
 *
 * <p>Allowance. When every input {@code x} of the scores' MatMuls is a bounded activation of an initial
 * vector ({@code x = φ(h)}, {@code |φ| ≤ B}), the coordinates of the inputs are iid with their limit law,
 * and Isserlis' theorem conditionally on the inputs gives
 * {@code E[p_k p_l] = E[Ĉ(k1,l1)Ĉ(k2,l2)] + E[Ĉ(k1,l2)Ĉ(k2,l1)]} with
 * {@code Ĉ(a,b) = σ_W² x^a·x^b/n} for a shared matrix and 0 otherwise ({@code Ĉ(k1,k2) = 0} by (b)). Since
 * {@code E Ĉ = C}, the bias is {@code Cov(Ĉ(k1,l1), Ĉ(k2,l2)) + Cov(Ĉ(k1,l2), Ĉ(k2,l1))}, and by
 * Cauchy–Schwarz with {@code |x^a x^b| ≤ B²} each covariance is at most {@code σ_W²σ_W'² B⁴ / n}. Other
 * programs have no proven finite-width bound here: their rows are shown but do not decide the verdict.
 */
public final class ProgramScoresCheck implements Check {

    /** The crosswise-shared program of {@code theory/programs/crosswise.netsor}, the default case. */
    static final String CROSSWISE = String.join("\n",
            "input h1 h4 ~ N([0, 0], [[1, 0.6], [0.6, 1]])",
            "input h2 h3 ~ N([0, 0], [[1, -0.5], [-0.5, 1]])",
            "x1 = clip:c=1(h1)",
            "x2 = clip:c=1(h2)",
            "x3 = clip:c=1(h3)",
            "x4 = clip:c=1(h4)",
            "matrix WA WB",
            "a1 = WA x1",
            "b2 = WB x2",
            "b3 = WB x3",
            "a4 = WA x4",
            "p1 = score(a1, b2)",
            "p2 = score(b3, a4)",
            "");

    /**
     * Widest width simulated. The conditioning simulation costs O(n·k) per product ({@code k} vectors a
     * matrix multiplies), so n = 1024 keeps {@code verify --program --quick} within seconds (crosswise: 7 s,
     * sigmoid-attention: 22 s on two loaded cores, both checks); 4096 of the full run is left out.
     */
    static final int MAX_WIDTH = 1024;

    private final String label;
    private final Program program;
    private final double[][] sigma;

    /**
     * @param label the program's name in the rows
     * @param program the program; its scores are checked against {@link ProgramLimit#scoreCovariance()}
     */
    public ProgramScoresCheck(String label, Program program) {
        this(label, program, null);
    }

    /** A check against a claimed score covariance instead of the program's limit (to see a wrong one fail). */
    ProgramScoresCheck(String label, Program program, double[][] claimed) {
        if (program.scores().isEmpty()) {
            throw new InvalidInputException("program " + label + " has no score to check");
        }
        this.label = label;
        this.program = program;
        this.sigma = claimed != null ? claimed : ProgramLimit.of(program).scoreCovariance();
    }

    /** The crosswise-shared program. */
    public ProgramScoresCheck() {
        this("crosswise", Program.parse(CROSSWISE));
    }

    @Override
    public String name() {
        return "program-scores";
    }

    @Override
    public String statement() {
        return "Proposition D.1";
    }

    @Override
    public String claim() {
        return "scores of a simulated .netsor program -> N(0, Sigma_p) of Definition 3.1 (B)";
    }

    @Override
    public CheckResult run(Settings settings) {
        List<String> scores = program.scores();
        int r = scores.size();
        OptionalDouble bound = inputBound();
        // Half the moment checks' draws, at most 10 000 (each realisation simulates the whole program), which
        // makes the interval of a diagonal entry 4.9 * sqrt(2) / 100 = 7% of it in the quick run.
        int realisations = Math.min(settings.samples() / 2, 10_000);
        ProgramSimulator simulator = ProgramSimulator.of(program);
        List<CheckResult.Row> rows = new ArrayList<>();
        for (int n : settings.widths()) {
            if (n > MAX_WIDTH) {
                continue;
            }
            final int width = n;
            // Cached by what determines the numbers (program text, width, count, seed): a check of the same
            // program against another claimed covariance reuses the realisations.
            double[] flat = DrawCache.get(settings, "program|" + program.toText() + "|" + n + "|" + realisations + "|" + settings.seed(),
                    () -> settings.sampler(31L * width + 7, r).sample(realisations * r, (rng, out, from, to) -> {
                        for (int i = from; i < to; i += r) {
                            ProgramSimulator.Realization z = simulator.simulate(width, rng);
                            for (int k = 0; k < r; k++) {
                                out[i + k] = z.score(scores.get(k));
                            }
                        }
                    }, null));
            for (int k = 0; k < r; k++) {
                for (int l = k; l < r; l++) {
                    double[] products = new double[realisations];
                    for (int i = 0; i < realisations; i++) {
                        products[i] = flat[i * r + k] * flat[i * r + l];
                    }
                    Sample s = Sample.of(products);
                    double allowance = bound.isPresent() ? bias(k, l, bound.getAsDouble(), n) : 0;
                    // Scale of a covariance entry: sqrt(Sigma_kk Sigma_ll), also where the entry is 0.
                    double scale = Math.sqrt(sigma[k][k] * sigma[l][l]);
                    String name = label + " " + scores.get(k) + "," + scores.get(l);
                    rows.add(bound.isPresent()
                            ? CheckResult.Row.check(name, "E[p_k p_l]", n, s.mean(), s.halfWidth(), sigma[k][l], allowance,
                                    scale, settings.perturb())
                            : CheckResult.Row.illustration(name, "E[p_k p_l] (illustration: no proven allowance)", n, s.mean(),
                                    s.halfWidth(), sigma[k][l], 0, scale));
                }
            }
            settings.progress().accept(name() + ": n = " + n + " done");
        }
        String note = bound.isPresent()
                ? "Gaussian-conditioning simulation (exact in law), " + realisations + " realisations per width; allowance "
                        + "sum of sigma_W^2 sigma_W'^2 B^4 / n over the Isserlis terms, B = " + Activation.formatNumber(bound.getAsDouble())
                : "Gaussian-conditioning simulation (exact in law), " + realisations + " realisations per width; no proven "
                        + "finite-width bound for this program (inputs are not bounded activations of initial vectors): rows are illustrations";
        return CheckResult.of(this, Settings.LEVEL, rows, note);
    }

    /** The bias bound of the class comment for the pair (p_k, p_l) at width n. */
    private double bias(int k, int l, double b, int n) {
        Statement.Score sk = score(k);
        Statement.Score sl = score(l);
        double b4 = b * b * b * b;
        return (shared(sk.query(), sl.query()) * shared(sk.key(), sl.key())
                + shared(sk.query(), sl.key()) * shared(sk.key(), sl.query())) * b4 / n;
    }

    /** @return {@code σ_W²} if the two MatMul outputs use the same matrix W, else 0 */
    private double shared(String a, String b) {
        Statement.MatMul ma = matMul(a);
        Statement.MatMul mb = matMul(b);
        if (!ma.matrix().equals(mb.matrix())) {
            return 0;
        }
        return ((Statement.Matrix) program.definition(ma.matrix()).orElseThrow()).variance();
    }

    private Statement.Score score(int k) {
        return (Statement.Score) program.definition(program.scores().get(k)).orElseThrow();
    }

    private Statement.MatMul matMul(String vector) {
        return (Statement.MatMul) program.definition(vector).orElseThrow();
    }

    /**
     * @return the common bound B of the scores' inputs when each is a bounded activation of an initial
     *     vector and every score uses 1/√n scaling; empty otherwise (no proven allowance)
     */
    private OptionalDouble inputBound() {
        double b = 0;
        for (int k = 0; k < program.scores().size(); k++) {
            Statement.Score s = score(k);
            if (s.scaling() != Scaling.SQRT) {
                return OptionalDouble.empty();
            }
            for (String g : List.of(s.query(), s.key())) {
                Optional<Double> bx = boundedActivationOfInput(matMul(g).in());
                if (bx.isEmpty()) {
                    return OptionalDouble.empty();
                }
                b = Math.max(b, bx.get());
            }
        }
        return OptionalDouble.of(b);
    }

    private Optional<Double> boundedActivationOfInput(String x) {
        if (!(program.definition(x).orElseThrow() instanceof Statement.Nonlin nonlin)
                || !(nonlin.expr() instanceof Expr.Apply apply)
                || !(apply.arg() instanceof Expr.Ref ref)
                || !(program.definition(ref.name()).orElseThrow() instanceof Statement.Input)) {
            return Optional.empty();
        }
        double sup = apply.phi().supAbs();
        return sup < Double.POSITIVE_INFINITY ? Optional.of(sup) : Optional.empty();
    }
}
