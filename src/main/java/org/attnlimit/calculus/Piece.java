package org.attnlimit.calculus;

import java.util.List;

/**
 * One piece of a piecewise-linear activation: φ(t) = intercept + slope·t for lo &lt; t &lt; hi.
 * Every piecewise-polynomial activation of the catalogue is piecewise linear.
 *
 * @param lo left end (may be −∞)
 * @param hi right end (may be +∞)
 * @param intercept value at t = 0 of the linear function
 * @param slope its slope
 */
public record Piece(double lo, double hi, double intercept, double slope) {

    private static final double INF = Double.POSITIVE_INFINITY;

    /**
     * The pieces of a piecewise-polynomial activation, in increasing order; pieces on which φ is 0
     * are kept so that the list covers ℝ.
     *
     * @throws IllegalArgumentException if φ is not piecewise polynomial (tanh, erf, gelu)
     */
    public static List<Piece> of(Activation phi) {
        double p = phi.parameter();
        switch (phi.kind()) {
            case IDENTITY:
                return List.of(new Piece(-INF, INF, 0, 1));
            case CLIP:
                return List.of(new Piece(-INF, -p, -p, 0), new Piece(-p, p, 0, 1), new Piece(p, INF, p, 0));
            case RELU:
                return List.of(new Piece(-INF, 0, 0, 0), new Piece(0, INF, 0, 1));
            case STEP:
                return List.of(new Piece(-INF, 0, 0, 0), new Piece(0, INF, 1, 0));
            case LEAKY_RELU:
                return List.of(new Piece(-INF, 0, 0, p), new Piece(0, INF, 0, 1));
            default:
                throw new InvalidInputException(phi.spec() + " is not piecewise polynomial");
        }
    }

    /** @return whether φ is identically zero on this piece */
    public boolean isZero() {
        return intercept == 0 && slope == 0;
    }
}
