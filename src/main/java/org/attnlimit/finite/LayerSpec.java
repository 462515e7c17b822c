package org.attnlimit.finite;

import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.Example31Recogniser;
import org.attnlimit.program.Program;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Require;

/**
 * One finite-width multi-head attention layer as simulated in Appendix B: width {@code n}, {@code s}
 * tokens, {@code H} heads of dimension {@code d} (full rank: {@code d = n}, Appendix B.1; low rank:
 * {@code n = d_h·H}, Appendix B.2), activation φ producing the token inputs
 * {@code x^i = φ(W^i h)}, score scaling, and the weight scales σ (entries of {@code W^Q, W^K, W^V}
 * have variance {@code σ²/n}; those of {@code W^O} have variance {@code σ_O²/d}).
 *
 * @param phi activation of the token inputs
 * @param width n
 * @param tokens s (≤ n)
 * @param heads H (≥ 1)
 * @param headDim d: n for full-rank heads, d_h for low-rank heads
 * @param scaling the score scaling
 * @param sigmaQ σ_Q
 * @param sigmaK σ_K
 * @param sigmaV σ_V
 * @param sigmaO σ_O
 */
public record LayerSpec(Activation phi, int width, int tokens, int heads, int headDim, Scaling scaling,
        double sigmaQ, double sigmaK, double sigmaV, double sigmaO) {

    /** Validates the shape: {@code 1 ≤ s ≤ n}, {@code H ≥ 1}, {@code d = n} or {@code d·H = n}. */
    public LayerSpec {
        if (phi == null) {
            throw new InvalidInputException("activation is missing");
        }
        if (scaling == null) {
            throw new InvalidInputException("scaling is missing");
        }
        Require.atLeast("tokens s", tokens, 1);
        Require.atLeast("heads H", heads, 1);
        Require.atLeast("head dimension d", headDim, 1);
        if (width < tokens) {
            throw new InvalidInputException("width n must be >= tokens s, got n = " + width + ", s = " + tokens);
        }
        if (headDim != width && (long) headDim * heads != width) {
            throw new InvalidInputException("low-rank heads need n = d_h·H, got n = " + width
                    + ", d_h = " + headDim + ", H = " + heads);
        }
        Require.positive("sigma_Q", sigmaQ);
        Require.positive("sigma_K", sigmaK);
        Require.positive("sigma_V", sigmaV);
        Require.positive("sigma_O", sigmaO);
    }

    /** @return the paper's full-rank layer (Appendix B.1): all σ = 1, {@code 1/√n} scaling */
    public static LayerSpec paper(Activation phi, int width, int tokens, int heads) {
        return new LayerSpec(phi, width, tokens, heads, width, Scaling.SQRT, 1, 1, 1, 1);
    }

    /**
     * The layer of a program's output, when the program is Appendix B's full-rank layer: Example 3.1's
     * heads over tokens {@code x_j = φ(W_j h)} with one input {@code h ~ N(0, 1)} and distinct {@code W_j}
     * of variance 1 ({@link Example31Recogniser#appendixB}) — what the reduced sampler
     * {@link ExactAttentionSampler} draws exactly (its Bartlett shortcut included). Empty otherwise (the
     * program samplers then simulate it).
     *
     * @param program a program within Theorem 3.1
     * @param output its output vector
     * @param width the width n
     * @return the layer, or empty when the program does not have that structure
     */
    public static java.util.Optional<LayerSpec> of(Program program, String output, int width) {
        return Example31Recogniser.appendixB(program, output).map(a -> new LayerSpec(a.phi(), width, a.tokens(),
                a.heads(), width, Scaling.SQRT, a.sigmaQ(), a.sigmaK(), a.sigmaV(), a.sigmaO()));
    }

    /**
     * @return the paper's low-rank layer (Appendix B.2): {@code H = n/d_h} heads of dimension {@code d_h}
     * @throws IllegalArgumentException if {@code d_h} does not divide {@code n}
     */
    public static LayerSpec lowRank(Activation phi, int width, int tokens, int headDim) {
        Require.atLeast("head dimension d_h", headDim, 1);
        if (width % headDim != 0) {
            throw new InvalidInputException("head dimension d_h = " + headDim + " does not divide width n = " + width);
        }
        return new LayerSpec(phi, width, tokens, width / headDim, headDim, Scaling.SQRT, 1, 1, 1, 1);
    }

    /** @return whether heads are low rank ({@code d < n}) */
    public boolean isLowRank() {
        return headDim != width;
    }

    /** @return this layer with another score scaling */
    public LayerSpec withScaling(Scaling s) {
        return new LayerSpec(phi, width, tokens, heads, headDim, s, sigmaQ, sigmaK, sigmaV, sigmaO);
    }

    /** @return this layer at another width (full rank stays full rank; low rank keeps d_h, so H = n/d_h) */
    public LayerSpec withWidth(int n) {
        if (isLowRank()) {
            return lowRank(phi, n, tokens, headDim).withScaling(scaling);
        }
        return new LayerSpec(phi, n, tokens, heads, n, scaling, sigmaQ, sigmaK, sigmaV, sigmaO);
    }

    /** @return a short description, e.g. {@code clip:c=100 n=1024 s=4 H=2 sqrt} */
    public String describe() {
        return phi.spec() + " n=" + width + " s=" + tokens + " H=" + heads
                + (isLowRank() ? " d_h=" + headDim : "") + " " + scaling.name().toLowerCase(java.util.Locale.ROOT);
    }
}
