package org.attnlimit.symbolic;

import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * The pieces of the piecewise-linear activations with their parameter kept symbolic ({@code c} for
 * clip, {@code a} for leaky-ReLU), in Symja syntax: φ(t) = intercept + slope·t on lo &lt; t &lt; hi.
 * Pieces where φ vanishes are left out. Mirrors {@link org.attnlimit.calculus.Piece#of}.
 */
record SymbolicPieces(String lo, String hi, String intercept, String slope) {
    static final String INF = "Infinity";

    static List<SymbolicPieces> of(Activation.Kind kind) {
        switch (kind) {
            case IDENTITY:
                return List.of(new SymbolicPieces("-" + INF, INF, "0", "1"));
            case CLIP:
                return List.of(new SymbolicPieces("-" + INF, "-c", "-c", "0"), new SymbolicPieces("-c", "c", "0", "1"),
                        new SymbolicPieces("c", INF, "c", "0"));
            case RELU:
                return List.of(new SymbolicPieces("0", INF, "0", "1"));
            case STEP:
                return List.of(new SymbolicPieces("0", INF, "1", "0"));
            case LEAKY_RELU:
                return List.of(new SymbolicPieces("-" + INF, "0", "0", "a"), new SymbolicPieces("0", INF, "0", "1"));
            default:
                throw new IllegalArgumentException(kind.label() + " is not piecewise linear");
        }
    }

    boolean lowerInfinite() {
        return lo.equals("-" + INF);
    }

    boolean upperInfinite() {
        return hi.equals(INF);
    }
}
