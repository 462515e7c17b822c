package org.attnlimit.limit;

import org.attnlimit.calculus.InvalidInputException;
import java.util.Arrays;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.calculus.Require;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * The parameters of the limit law of one output coordinate of multi-head attention (Example 3.1):
 * activation φ of the inputs, tokens {@code s}, heads {@code H}, weight standard deviations
 * {@code σ_Q, σ_K, σ_V, σ_O} and the input Gram matrix {@code K_{jl} = E[Z^{x_j} Z^{x_l}]}.
 *
 * <p>The matrix is copied on the way in and on the way out, so the record is immutable.
 *
 * @param phi the activation of the inputs {@code x_j = φ(h_j)} (informative when {@code gram} is given)
 * @param tokens the number of tokens {@code s ≥ 1}
 * @param heads the number of heads {@code H ≥ 1}
 * @param sigmaQ σ_Q &gt; 0
 * @param sigmaK σ_K &gt; 0
 * @param sigmaV σ_V &gt; 0
 * @param sigmaO σ_O &gt; 0
 * @param gram the {@code s×s} positive semi-definite Gram matrix {@code K}
 */
public record AttentionSetup(Activation phi, int tokens, int heads, double sigmaQ, double sigmaK,
        double sigmaV, double sigmaO, double[][] gram) {

    /** Relative tolerance on negative eigenvalues of {@code K} (round-off in a computed Gram). */
    private static final double PSD_TOLERANCE = 1e-12;
    /** Smallest accepted bound on E[V²] and on the score covariance: far above the subnormal range (2.2e-308). */
    static final double UNDERFLOW = 1e-290;

    /** Validates every argument (IllegalArgumentException naming the value). */
    public AttentionSetup {
        if (phi == null) {
            throw new InvalidInputException("activation phi is missing");
        }
        Require.atLeast("tokens s", tokens, 1);
        Require.atLeast("heads H", heads, 1);
        Require.positive("sigma_Q", sigmaQ);
        Require.positive("sigma_K", sigmaK);
        Require.positive("sigma_V", sigmaV);
        Require.positive("sigma_O", sigmaO);
        gram = checkedGram(gram, tokens);
        checkRange(sigmaQ * sigmaQ * sigmaK * sigmaK, sigmaO * sigmaO * sigmaV * sigmaV, gram);
    }

    /**
     * Refuses setups whose moments leave double precision: the score covariance {@code σ_Q²σ_K²K_11K},
     * and {@code 3E[V²] ≤ 3(σ_O²σ_V² max|K|)²} (V ≤ σ_O²σ_V² max_jl |K_jl| since softmax weights sum to 1).
     */
    private static void checkRange(double scoreScale, double valueScale, double[][] k) {
        double max = 0;
        for (double[] row : k) {
            for (double x : row) {
                max = Math.max(max, Math.abs(x));
            }
        }
        double score = scoreScale * k[0][0] * max;
        if (!(Double.isFinite(scoreScale) && Double.isFinite(score))) {
            throw new InvalidInputException("overflow: the score covariance sigma_Q^2 sigma_K^2 K_11 K is beyond"
                    + " double precision (> 1.8e308); use smaller sigma_Q, sigma_K or K");
        }
        double bound = valueScale * max;
        if (!(Double.isFinite(valueScale) && 3 * bound * bound < Double.MAX_VALUE)) {
            throw new InvalidInputException("overflow: the fourth moment 3E[V^2], up to 3(sigma_O^2 sigma_V^2 max K)^2,"
                    + " is beyond double precision (> 1.8e308); use smaller sigma_O, sigma_V or K");
        }
        if (!(bound * bound >= UNDERFLOW)) {
            throw new InvalidInputException("underflow: the fourth moment 3E[V^2], at most 3(sigma_O^2 sigma_V^2 max K)^2,"
                    + " is below " + UNDERFLOW + ", where doubles lose their precision; use larger sigma_O, sigma_V or K");
        }
        if (!(scoreScale * k[0][0] * max >= UNDERFLOW || scoreScale * k[0][0] * max == 0)) {
            throw new InvalidInputException("underflow: the score covariance sigma_Q^2 sigma_K^2 K_11 K is below "
                    + UNDERFLOW + "; use larger sigma_Q, sigma_K or K");
        }
    }

    /**
     * The paper's setup (Appendix B.1): all σ's 1, inputs {@code x_j = φ(h_j)} with {@code h_j} iid
     * {@code N(0, 1)} coordinates, so {@code K_jj = E[φ(Z)²]} and {@code K_jl = E[φ(Z)]²} (j ≠ l).
     */
    public static AttentionSetup paper(Activation phi, int tokens, int heads) {
        Require.atLeast("tokens s", tokens, 1);
        double second = GaussianExpectations.moment(phi, 2, 0.0, 1.0).value();
        double first = GaussianExpectations.moment(phi, 1, 0.0, 1.0).value();
        return new AttentionSetup(phi, tokens, heads, 1, 1, 1, 1, iidGram(tokens, second, first * first));
    }

    /** @return the Gram matrix with {@code diagonal} on the diagonal and {@code offDiagonal} elsewhere */
    public static double[][] iidGram(int tokens, double diagonal, double offDiagonal) {
        Require.atLeast("tokens s", tokens, 1);
        double[][] k = new double[tokens][tokens];
        for (int j = 0; j < tokens; j++) {
            Arrays.fill(k[j], offDiagonal);
            k[j][j] = diagonal;
        }
        return k;
    }

    /**
     * The setup of a program's output when the program has Example 3.1's structure (recognised by
     * {@link org.attnlimit.program.Example31Recogniser#layer}: identical independent heads of {@code attend}
     * over {@code n^{-1/2}⟨W^Q x_q, W^K x_j⟩} and {@code W^O W^V x_j}, confirmed by the program's own
     * Definition 3.1 covariances), so that the fast engines ({@link AttentionLimit}, {@link HeadQuadrature})
     * can answer for it; empty otherwise (also when the recognised parameters are not a valid setup).
     *
     * @param program a program within Theorem 3.1
     * @param output the name of the output vector
     * @return its setup, or empty when the program does not have that structure
     */
    public static java.util.Optional<AttentionSetup> of(org.attnlimit.program.Program program, String output) {
        return org.attnlimit.program.Example31Recogniser.layer(program, output).flatMap(AttentionSetup::of);
    }

    /** @return the setup of a recognised layer, or empty when its parameters are not a valid setup */
    public static java.util.Optional<AttentionSetup> of(org.attnlimit.program.Example31Recogniser.Layer layer) {
        try {
            return java.util.Optional.of(new AttentionSetup(layer.phi(), layer.tokens(), layer.heads(), layer.sigmaQ(),
                    layer.sigmaK(), layer.sigmaV(), layer.sigmaO(), layer.gram()));
        } catch (IllegalArgumentException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * The paper's setup (all σ's 1), {@link #paper}: the setup is Example 3.1's parameter record, built
     * directly, not by recognising it back out of the program {@link org.attnlimit.program.AttentionProgram#paper}
     * writes (the tests check that the two agree).
     */
    public static AttentionSetup template(Activation phi, int tokens, int heads) {
        return paper(phi, tokens, heads);
    }

    /** @return the same setup with another (informative) activation label */
    public AttentionSetup withPhi(Activation label) {
        return new AttentionSetup(label, tokens, heads, sigmaQ, sigmaK, sigmaV, sigmaO, gram);
    }

    /** @return the same setup with {@code H} heads */
    public AttentionSetup withHeads(int h) {
        return new AttentionSetup(phi, tokens, h, sigmaQ, sigmaK, sigmaV, sigmaO, gram);
    }

    /** @return the same setup with the given standard deviations */
    public AttentionSetup withSigmas(double q, double k, double v, double o) {
        return new AttentionSetup(phi, tokens, heads, q, k, v, o, gram);
    }

    /** @return the same setup with another Gram matrix (its size sets the number of tokens) */
    public AttentionSetup withGram(double[][] k) {
        return new AttentionSetup(phi, k == null ? tokens : k.length, heads, sigmaQ, sigmaK, sigmaV, sigmaO, k);
    }

    /** @return a copy of {@code K} */
    @Override
    public double[][] gram() {
        return copy(gram);
    }

    /** @return {@code K_{jl}} without copying */
    public double gram(int j, int l) {
        return gram[j][l];
    }

    /** @return {@code σ_Q²σ_K²}, the factor of the score covariance */
    public double scoreScale() {
        return sigmaQ * sigmaQ * sigmaK * sigmaK;
    }

    /** @return {@code σ_O²σ_V²}, the factor of the conditional output variance */
    public double valueScale() {
        return sigmaO * sigmaO * sigmaV * sigmaV;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttentionSetup a && phi.equals(a.phi) && tokens == a.tokens && heads == a.heads
                && sigmaQ == a.sigmaQ && sigmaK == a.sigmaK && sigmaV == a.sigmaV && sigmaO == a.sigmaO
                && Arrays.deepEquals(gram, a.gram);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(gram) * 31 + java.util.Objects.hash(phi, tokens, heads, sigmaQ, sigmaK, sigmaV, sigmaO);
    }

    @Override
    public String toString() {
        return "AttentionSetup[phi=" + phi + ", s=" + tokens + ", H=" + heads + ", sigmaQ=" + sigmaQ
                + ", sigmaK=" + sigmaK + ", sigmaV=" + sigmaV + ", sigmaO=" + sigmaO
                + ", K=" + Arrays.deepToString(gram) + "]";
    }

    private static double[][] checkedGram(double[][] k, int tokens) {
        if (k == null) {
            throw new InvalidInputException("Gram matrix K is missing");
        }
        if (k.length != tokens) {
            throw new InvalidInputException("Gram matrix K must be " + tokens + "x" + tokens
                    + " (one row per token), got " + k.length + " rows");
        }
        double[][] c = new double[tokens][];
        for (int j = 0; j < tokens; j++) {
            if (k[j] == null || k[j].length != tokens) {
                throw new InvalidInputException("Gram matrix K must be " + tokens + "x" + tokens
                        + ", row " + (j + 1) + " has " + (k[j] == null ? 0 : k[j].length) + " entries");
            }
            c[j] = k[j].clone();
            for (int l = 0; l < tokens; l++) {
                Require.finite("Gram entry K[" + (j + 1) + "," + (l + 1) + "]", c[j][l]);
            }
        }
        double scale = 0;
        for (int j = 0; j < tokens; j++) {
            for (int l = 0; l < j; l++) {
                if (Math.abs(c[j][l] - c[l][j]) > 1e-12 * (Math.abs(c[j][l]) + Math.abs(c[l][j]) + 1e-300)) {
                    throw new InvalidInputException("Gram matrix K must be symmetric: K[" + (j + 1) + ","
                            + (l + 1) + "] = " + c[j][l] + " but K[" + (l + 1) + "," + (j + 1) + "] = " + c[l][j]);
                }
                c[l][j] = c[j][l];
            }
            scale = Math.max(scale, Math.abs(c[j][j]));
        }
        if (!(scale > 0)) {
            throw new InvalidInputException("Gram matrix K must have a positive diagonal entry (all inputs are 0)");
        }
        // Eigenvalues of K/scale (entries in [−1, 1]): huge or tiny entries would stall the iteration.
        double[][] unit = copy(c);
        for (double[] row : unit) {
            for (int l = 0; l < tokens; l++) {
                row[l] /= scale;
            }
        }
        double[] eig = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(unit)).getEigenvalues();
        for (double e : eig) {
            if (e < -PSD_TOLERANCE) {
                throw new InvalidInputException("Gram matrix K must be positive semi-definite; it has eigenvalue "
                        + e * scale);
            }
        }
        return c;
    }

    static double[][] copy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }
}
