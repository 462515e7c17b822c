package org.attnlimit.numerics;

/**
 * Planted bugs for the test suite's mutation tests: each constant names one realistic error that the
 * engines consult at one place (default {@link #NONE}: no effect). Nothing outside the tests plants one;
 * the setter is package-private and reached from the tests only, so that the power of the tests and of
 * {@code verify} to catch these errors is itself tested and cannot silently decay.
 */
public enum Mutation {
    /** No planted bug. */
    NONE,
    /** Definition 3.1 (B) without the crosswise Isserlis product {@code C(k1,l2)C(k2,l1)} (program limit). */
    CROSSWISE_TERM_DROPPED,
    /** The exact reduced layer sampler scales the scores by {@code 1/n} instead of {@code 1/√n}. */
    EXACT_SCORES_OVER_N,
    /** The conditioning (program) sampler scales {@code 1/√n} scores by {@code 1/n}. */
    CONDITIONING_SCORES_OVER_N,
    /** The hierarchical limit sampler draws one score vector for all heads. */
    SHARED_HEAD_SCORES,
    /** The exact reduced layer sampler builds the token Gram matrix from {@code h} instead of {@code φ(h)}. */
    EXACT_GRAM_WITHOUT_ACTIVATION,
    /** The softmax normalisation omits the last token. */
    SOFTMAX_DROPS_LAST_TOKEN,
    /** The layer samplers (exact reduced and dense) scale the head sum by {@code H^{-1}} instead of {@code H^{-1/2}}. */
    HEADS_OVER_H,
    /**
     * The finite-width samplers (exact reduced, dense, conditioning) give every head the query and key weights of
     * head 1, hence its scores: the heads are no longer independent given the tokens.
     */
    FINITE_SHARED_HEAD_SCORES;

    private static volatile Mutation planted = NONE;

    /** @return whether this bug is planted (one volatile read) */
    public boolean planted() {
        return planted == this;
    }

    /** Plants {@code m} ({@code null}: none); for the tests only. */
    static void plant(Mutation m) {
        planted = m == null ? NONE : m;
    }

    /** @return the bug planted now */
    static Mutation current() {
        return planted;
    }
}
