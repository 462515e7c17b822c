package org.attnlimit.limit;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Statement;
import org.attnlimit.stats.TabulatedLaw;

/**
 * A limit {@link Law} with its distribution function and density tabulated on a grid, for the distance
 * computations of the finite-width comparisons (KS, W1, KDE-KL evaluate {@code F} up to millions of times;
 * an exact evaluation costs up to milliseconds). Not a law of its own: moments, samples and method are the
 * law's; the table only caches {@link Law#cdf} and {@link Law#density} on a grid that covers the law up to
 * negligible tail mass.
 *
 * @param law the limit law
 * @param table its CDF and density on the grid
 * @param description how the law was computed, as printed (the law's method, for a program output with how its
 *     density is computed)
 */
public record LawTable(Law law, TabulatedLaw table, String description) {

    /** Grid intervals for a law whose CDF is cheap (Gaussian, the Example 3.1 scale mixture). */
    private static final int GRID = 4000;
    /** The tail mass a program output's grid may leave out on each side. */
    private static final double TAIL = 1e-10;
    /**
     * Grid intervals for a {@link ProgramLaw} table: its CDF costs milliseconds per point (Fourier
     * inversion). On ±10 sd, Δx = sd/20; linear interpolation errs by at most {@code max|F''|Δx²/8}
     * ≈ 0.24·(1/20)²/8 = 7.5e-5 in the CDF (Gaussian curvature; a scale mixture's is of the same order),
     * far below the KS noise floor of any sample this is compared with (≈ 0.9/√N ≥ 1e-3 for N ≤ 10⁶).
     */
    private static final int LAW_GRID = 400;

    /** Validates. */
    public LawTable {
        if (law == null || table == null || description == null) {
            throw new IllegalArgumentException("a law table needs a law, a table and a description");
        }
    }

    /**
     * Thrown when the limit law has no density to tabulate (no density formula, or atoms): the law itself is
     * still there, with its moments and its sampler, for a comparison that needs neither.
     */
    public static final class NoDensity extends InvalidInputException {
        private static final long serialVersionUID = 1L;
        private final transient Law law;

        NoDensity(String message, Law law) {
            super(message);
            this.law = law;
        }

        /** @return the law (moments and sampler) */
        public Law law() {
            return law;
        }
    }

    /**
     * The Example 3.1 law tabulated on {@code ±10·σ_Oσ_V√(max_j K_jj)}: {@code V ≤ σ_O²σ_V² max_j K_jj}
     * ({@code sᵀKs ≤ max K_jl ≤ max K_jj} for PSD K), so the tail mass left out is below 2e-23.
     *
     * @return the table of {@code limit}
     */
    public static LawTable of(AttentionLimit limit) {
        double maxK = 0;
        double[][] k = limit.setup().gram();
        for (int j = 0; j < k.length; j++) {
            maxK = Math.max(maxK, k[j][j]);
        }
        AttentionSetup s = limit.setup();
        double sd = Math.sqrt(s.sigmaO() * s.sigmaO() * s.sigmaV() * s.sigmaV() * maxK);
        double[] x = new double[GRID + 1];
        for (int i = 0; i <= GRID; i++) {
            x[i] = -10 * sd + 20 * sd * i / GRID;
        }
        return new LawTable(limit, new TabulatedLaw(x, limit.cdf(x), limit.pdf(x)), limit.method().description());
    }

    /** @return the hierarchical Monte Carlo law with its own table (on ±12 √(max V)) */
    public static LawTable of(HierarchicalLimit limit) {
        return new LawTable(limit, limit.table(), limit.method().description());
    }

    /** @return a Gaussian law tabulated on {@code mean ± 10 sd} (tail mass below 2e-23) */
    public static LawTable of(GaussianLaw law) {
        double m = law.mean().value();
        double sd = Math.sqrt(law.variance().value());
        TabulatedLaw t = TabulatedLaw.of(x -> law.cdf(x).atMost(), x -> law.density(x).value(), m - 10 * sd,
                m + 10 * sd, GRID);
        return new LawTable(law, t, law.method().description());
    }

    /** @return {@code N(mean, variance)} labelled {@code description}, tabulated (e.g. a claimed limit, in tests) */
    public static LawTable gaussian(double mean, double variance, String description) {
        return of(GaussianLaw.of(mean, variance, description));
    }

    /**
     * The law of one coordinate of a program's vector, for comparison with its finite-width simulation
     * (Corollary 3.2: {@code h_α → Z^h} in distribution for a fixed α). A G-var (an initial vector or a MatMul
     * output) is Gaussian by Definition 3.1 (A) ({@link GaussianLaw#ofGVar}); any other vector
     * {@code h = ψ(g; p)} has the law of Theorem 3.1, {@code Z^h = ψ(Z^g; p̊)} ({@link ProgramLaw#law}),
     * tabulated on a range widened until the tail mass left out is below 1e-10 on each side.
     *
     * @param program the program
     * @param output a vector of the program
     * @return its limit law with the table
     * @throws NoDensity if the law has no density formula or has atoms (it carries the law)
     * @throws InvalidInputException for an unknown name, a score, a matrix, or a constant limit
     */
    public static LawTable ofVector(Program program, String output) {
        Statement s = program.definition(output).orElseThrow(() -> new InvalidInputException(
                "no vector named '" + output + "' in the program; vectors: " + String.join(", ", program.vectors())));
        if (s instanceof Statement.Score) {
            throw new InvalidInputException("'" + output + "' is a score, not a vector; its limit is Definition 3.1 (B)");
        }
        if (s instanceof Statement.Matrix) {
            throw new InvalidInputException("'" + output + "' is a matrix, not a vector");
        }
        if (s instanceof Statement.Input || s instanceof Statement.MatMul) {
            return of(GaussianLaw.ofGVar(ProgramLimit.of(program), output));
        }
        ProgramLaw programLaw = ProgramLaw.of(program, List.of(output));
        Law law = programLaw.law(output);
        if (!programLaw.hasDensity(output)) {
            throw new NoDensity("no limit density for '" + output + "': " + programLaw.densityNote(output), law);
        }
        if (!law.atoms().isEmpty()) {
            Law.Atom a = law.atoms().get(0);
            throw new NoDensity(String.format(Locale.ROOT, "the limit law of '%s' has an atom of mass %.6g at %.6g;"
                    + " the comparison with a tabulated law needs a continuous law", output, a.mass(), a.location()),
                    law);
        }
        String description = "Theorem 3.1 (ProgramLaw): " + programLaw.moments(output).method() + "; "
                + programLaw.densityNote(output);
        return new LawTable(law, continuous(law, output), description);
    }

    /**
     * Tabulates a law with a density and no atoms on {@value #LAW_GRID} intervals of {@code mean ± 10 sd}, widened
     * (up to 4 times by 1.5) until the tail mass left out is below {@value #TAIL} on each side; the CDF is made
     * monotone and the density non-negative (round-off). A CDF jump far above what the density allows over one
     * cell is an atom the law did not report: refused (KS, W1 and KDE-KL as implemented assume a continuous law).
     */
    private static TabulatedLaw continuous(Law law, String output) {
        double mean = law.mean().value();
        double variance = law.variance().value();
        if (!(variance > 0)) {
            throw new InvalidInputException("the limit of '" + output + "' is the constant " + mean + " (variance 0)");
        }
        double sd = Math.sqrt(variance);
        double half = 10 * sd;
        for (int attempt = 0; attempt < 4
                && Math.max(cdf(law, output, mean - half), 1 - cdf(law, output, mean + half)) > TAIL; attempt++) {
            half *= 1.5;
        }
        double[] x = new double[LAW_GRID + 1];
        for (int i = 0; i <= LAW_GRID; i++) {
            x[i] = mean - half + 2 * half * i / LAW_GRID;
        }
        double[] cdf = new double[x.length];
        double[] pdf = new double[x.length];
        // A law is thread-safe and each value a pure function of x: parallel evaluation changes nothing.
        IntStream.range(0, x.length).parallel().forEach(i -> {
            cdf[i] = cdf(law, output, x[i]);
            pdf[i] = finite(law.density(x[i]).value(), output);
        });
        for (int i = 0; i <= LAW_GRID; i++) {
            cdf[i] = Math.min(1.0, Math.max(0.0, i == 0 ? cdf[i] : Math.max(cdf[i], cdf[i - 1])));
            pdf[i] = Math.max(0.0, pdf[i]);
        }
        double dx = x[1] - x[0];
        for (int i = 0; i < LAW_GRID; i++) {
            double jump = cdf[i + 1] - cdf[i];
            if (jump > 1e-4 && jump > 4 * Math.max(pdf[i], pdf[i + 1]) * dx) {
                throw new InvalidInputException(String.format(Locale.ROOT, "the limit law of '%s' has an atom"
                        + " of mass about %.3g near %.4g; the comparison needs a continuous law: record the vector before"
                        + " the activation", output, jump, 0.5 * (x[i] + x[i + 1])));
            }
        }
        return new TabulatedLaw(x, cdf, pdf);
    }

    private static double cdf(Law law, String output, double x) {
        return finite(law.cdf(x).atMost(), output);
    }

    private static double finite(double v, String output) {
        if (!Double.isFinite(v)) {
            throw new InvalidInputException("the limit law of '" + output + "' has no finite density or CDF value"
                    + " everywhere (an atom?)");
        }
        return v;
    }
}
