package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.GaussianIntegral;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Statement;
import org.attnlimit.random.ParallelSampler;

/**
 * The limit law of any outputs of a program (Theorem 3.1): a vector {@code h_α = ψ(g¹_α..gᵐ_α; p_1..p_r)}
 * tends to {@code Z^h = ψ(Z^{g¹}..Z^{gᵐ}; p̊)}, the G-vars {@code Z^g} jointly Gaussian (Definition 3.1 (A),
 * from {@link ProgramLimit}) and the scores {@code p̊ ~ N(0, C)} (Definition 3.1 (B)) independent of them.
 *
 * <p>A façade over classes with one job each:
 * <ul>
 *   <li>{@link org.attnlimit.program.ExprRewrite}: each output inlined down to G-vars and scores, split
 *       into additive terms;</li>
 *   <li>{@link IndependentParts}: the terms grouped into independent parts — they read independent score
 *       blocks (heads) and uncorrelated, hence independent, G-vars — so cumulants add and the characteristic
 *       function factorises; identical parts (the heads of Example 3.1) are computed once;</li>
 *   <li>{@link PartLaw}: the law of one part — {@link GaussianPart} when it is affine in the G-vars given
 *       the scores ({@link AffineForm}; {@code N(m(p̊), v(p̊))} integrated over the scores by
 *       {@link ScoreNodes}, one dimension less per softmax by {@link ShiftInvariance}), {@link HeadPart}
 *       for one head of Example 3.1 ({@link HeadQuadrature}, the same numbers as {@code attnlimit limit}),
 *       {@link NestedPart} otherwise (Gaussian features integrated inside the score quadrature: the
 *       calculus, {@link GaussianExpectations}, for {@code φ(feature)}, composite Gauss–Legendre,
 *       {@link GaussianIntegral}, for another function of one feature, {@link FeatureIntegral} for two or
 *       three);</li>
 *   <li>{@link ProgramOutput}: one output's moments, distribution function, density and atoms;
 *       {@link JointMoments}: several outputs jointly; {@link HierarchicalSampler}: draws;
 *       {@link OutputLaw}: the {@link Law} contract.</li>
 * </ul>
 * The Definition 3.1 covariances ({@link LimitCovariances}) are the explicit input of every part.
 * Immutable and thread-safe after construction.
 */
public final class ProgramLaw {

    /**
     * The moments of one output.
     *
     * @param mean {@code E[Z^y]}
     * @param variance {@code Var(Z^y)}
     * @param fourthMoment the central fourth moment {@code E[(Z^y − E Z^y)⁴]}
     * @param excessKurtosis {@code fourthMoment/variance² − 3}
     * @param relativeError estimated relative error of the moments
     * @param method how they were computed
     * @param conditionallyGaussian whether {@code Z^y} is Gaussian given {@code p̊}
     * @param belowTarget whether the adaptive budget ran out before {@code relativeError ≤} {@value #TARGET}
     */
    public record Moments(double mean, double variance, double fourthMoment, double excessKurtosis,
            double relativeError, String method, boolean conditionallyGaussian, boolean belowTarget) {
        /** Moments whose error is within {@link #TARGET}'s budget (no accuracy warning). */
        public Moments(double mean, double variance, double fourthMoment, double excessKurtosis, double relativeError,
                String method, boolean conditionallyGaussian) {
            this(mean, variance, fourthMoment, excessKurtosis, relativeError, method, conditionallyGaussian, false);
        }
    }

    /** The relative error the moments of every part are computed to, budget permitting. */
    public static final double TARGET = 1e-6;

    /**
     * Joint moments of several outputs {@code y_a}, {@code c_a = y_a − E y_a}.
     *
     * @param names the outputs
     * @param means {@code E[y_a]}
     * @param covariance {@code E[c_a c_b]}
     * @param fourth {@code E[c_a² c_b²]}
     * @param gaussianFourth what {@code E[c_a² c_b²]} would be for a Gaussian vector with this covariance,
     *     {@code Σ_aa Σ_bb + 2Σ_ab²}: the difference is dependence through the scores
     * @param relativeError estimated error, relative to {@code √(Σ_aa Σ_bb)} resp. {@code Σ_aa Σ_bb}
     * @param method how they were computed
     */
    public record Joint(List<String> names, double[] means, double[][] covariance, double[][] fourth,
            double[][] gaussianFourth, double relativeError, String method) {
    }

    private final Program program;
    private final List<String> outputs;
    private final LimitCovariances cov;
    private final Map<String, ProgramOutput> laws = new LinkedHashMap<>();
    private volatile Joint joint;
    /**
     * The relative error the Definition 3.1 covariances carry into every moment: {@code ε = max_ij δΣ_ij /
     * √(Σ_ii Σ_jj)} from {@link ProgramLimit#gCovarianceError()}, times {@link #COVARIANCE_SENSITIVITY}.
     */
    private final double covarianceError;
    /**
     * First-order sensitivity of a moment of order up to 4 to a relative change ε of the covariances: the
     * fourth moment is of degree 2 in the value covariances given the scores, and the score covariance
     * (Definition 3.1 (B)) is of degree 2 in the covariances, so a relative change ε moves each moment by
     * at most about {@code (2 + 2·2)ε}; 8ε leaves a margin. An estimate, not a bound.
     */
    private static final double COVARIANCE_SENSITIVITY = 8;
    /** Whether a part recognised as one head of Example 3.1 goes to {@link HeadQuadrature} (the fast path). */
    private final boolean fastHeads;

    private ProgramLaw(Program program, List<String> outputs, boolean fastHeads) {
        // moment operations (rmsnorm, layernorm) of score-free vectors become their limits, affine Nonlins
        ProgramLimit limit = ProgramLimit.of(program);
        program = limit.normalised(outputs.stream().map(String::strip).toList());
        limit = program == limit.program() ? limit : ProgramLimit.of(program);
        this.program = program;
        this.fastHeads = fastHeads;
        cov = LimitCovariances.of(limit, program.scores());
        double[][] gCov = cov.gCov();
        double[][] gErr = limit.gCovarianceError();
        double eps = 0;
        for (int i = 0; i < gCov.length; i++) {
            for (int j = 0; j < gCov.length; j++) {
                if (gCov[i][i] > 0 && gCov[j][j] > 0) {
                    eps = Math.max(eps, gErr[i][j] / Math.sqrt(gCov[i][i] * gCov[j][j]));
                }
            }
        }
        covarianceError = COVARIANCE_SENSITIVITY * eps;
        List<String> names = new ArrayList<>();
        for (String name : outputs) {
            String n = name.strip();
            Statement def = program.definition(n).orElseThrow(() -> new InvalidInputException(
                    "no vector named '" + n + "' in the program"));
            if (def instanceof Statement.Score) {
                throw new InvalidInputException("'" + n + "' is a score, not a vector: its limit is N(0, "
                        + Double.toString(cov.scoreCovariance(n, n)) + ") (Definition 3.1 (B)); the limit law is computed for vectors");
            }
            if (def instanceof Statement.Matrix) {
                throw new InvalidInputException("'" + n + "' is a matrix, not a vector; the limit law is computed for vectors");
            }
            if (names.contains(n)) {
                throw new InvalidInputException("output '" + n + "' is named twice");
            }
            names.add(n);
        }
        if (names.isEmpty()) {
            throw new InvalidInputException("name at least one output vector");
        }
        this.outputs = List.copyOf(names);
        for (String n : this.outputs) {
            laws.put(n, new ProgramOutput(n, program, cov, covarianceError, fastHeads));
        }
    }

    /**
     * @param program a program within Theorem 3.1 (a program accepted beyond it is refused)
     * @param outputs the vectors whose law is wanted
     * @return their laws (moments computed now; densities on demand)
     */
    public static ProgramLaw of(Program program, List<String> outputs) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        if (outputs == null) {
            throw new InvalidInputException("outputs are missing");
        }
        return new ProgramLaw(program, outputs, true);
    }

    /**
     * As {@link #of}, but by the general route only: no part is handed to {@link HeadQuadrature} as a head
     * of Example 3.1, every conditionally Gaussian part is integrated over its scores by {@link ScoreNodes}.
     * For the tests that the fast paths give the same law as the general one.
     */
    public static ProgramLaw general(Program program, List<String> outputs) {
        if (program == null) {
            throw new InvalidInputException("program is missing");
        }
        if (outputs == null) {
            throw new InvalidInputException("outputs are missing");
        }
        return new ProgramLaw(program, outputs, false);
    }

    /** @return the outputs */
    public List<String> outputs() {
        return outputs;
    }

    /** @return the program */
    public Program program() {
        return program;
    }

    /** @return the moments of output {@code name} */
    public Moments moments(String name) {
        return output(name).moments;
    }

    /** @return whether a density formula is available for {@code name} (see {@link #densityNote}) */
    public boolean hasDensity(String name) {
        return output(name).hasDensity();
    }

    /** @return the atoms (point masses) of {@code Z^name}; the density excludes them */
    public List<Law.Atom> atoms(String name) {
        return output(name).atoms();
    }

    /** @return how the density and CDF are computed, or why they are not */
    public String densityNote(String name) {
        return output(name).densityNote();
    }

    /** @return the density of {@code Z^name} at each point, with error estimates (NaN at an atom) */
    public Estimate[] pdf(String name, double[] at) {
        ProgramOutput o = output(name);
        Estimate[] out = new Estimate[at.length];
        for (int i = 0; i < at.length; i++) {
            requireFinite(at[i]);
            out[i] = o.density(at[i], false);
        }
        return out;
    }

    /** @return the CDF of {@code Z^name} at each point, with error estimates */
    public Estimate[] cdf(String name, double[] at) {
        ProgramOutput o = output(name);
        Estimate[] out = new Estimate[at.length];
        for (int i = 0; i < at.length; i++) {
            requireFinite(at[i]);
            out[i] = o.density(at[i], true);
        }
        return out;
    }

    private static void requireFinite(double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidInputException("evaluation points must be finite numbers, got " + x);
        }
    }

    /** @return the output's parts and moments, for {@link OutputLaw#method()} */
    ProgramOutput outputOf(String name) {
        return output(name);
    }

    private ProgramOutput output(String name) {
        ProgramOutput o = laws.get(name);
        if (o == null) {
            throw new InvalidInputException("'" + name + "' is not one of the outputs " + outputs);
        }
        return o;
    }

    /**
     * Draws from the hierarchical law: {@code p̊ ~ N(0, C)}, then the G-vars {@code ~ N(μ, Σ)}, then each
     * output {@code ψ(Z^g; p̊)}. Seedable; the result does not depend on the thread count.
     *
     * @return {@code samples[a][i]}: output {@code a}, draw {@code i}
     */
    public double[][] sample(int count, ParallelSampler sampler) {
        if (count < 1) {
            throw new InvalidInputException("sample count must be >= 1, got " + count);
        }
        HierarchicalSampler h = sampler(outputs);
        int k = outputs.size();
        double[][] out = new double[k][];
        double[][] others = new double[k][count];
        out[0] = sampler.sample(count, (rng, first, from, to) -> {
            HierarchicalSampler.Draw d = h.on(rng);
            double[] y = new double[k];
            for (int i = from; i < to; i++) {
                d.next(y);
                first[i] = y[0];
                for (int a = 1; a < k; a++) {
                    others[a][i] = y[a];
                }
            }
        }, null);
        for (int a = 1; a < k; a++) {
            out[a] = Arrays.copyOf(others[a], out[0].length);
        }
        return out;
    }

    /** @return the hierarchical sampler of {@code names} (outputs of this law), drawn jointly */
    HierarchicalSampler sampler(List<String> names) {
        return cov.sampler(names.stream().map(n -> output(n).function).toList());
    }

    /**
     * @param name one of the outputs
     * @return the law of {@code Z^name} under the one contract {@link Law}
     */
    public Law law(String name) {
        return new OutputLaw(this, output(name).name);
    }

    /**
     * @return the covariance and the joint fourth moments {@code E[c_a²c_b²]} of the outputs (all must be
     *     conditionally Gaussian), computed over the union of their scores
     */
    public Joint joint() {
        Joint j = joint;
        if (j == null) {
            j = JointMoments.of(outputs.stream().map(laws::get).toList(), cov, covarianceError);
            joint = j;
        }
        return j;
    }
}
