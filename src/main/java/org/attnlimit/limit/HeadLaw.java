package org.attnlimit.limit;

/**
 * A discrete approximation of the law of one head's conditional variance factor
 * {@code v = sᵀKs}, {@code s = softmax(p̊_{1·})} (Example 3.1): values {@code v_k} with positive weights
 * {@code w_k} summing to 1 (quadrature nodes, or equally weighted quasi-Monte Carlo points). Not a law of an
 * output (that is {@link AttentionLimit}, a {@link Law}): the discrete measure the head quadrature hands to
 * the scale-mixture inversion.
 *
 * @param values the values {@code v_k}
 * @param weights the weights {@code w_k}
 */
record HeadLaw(double[] values, double[] weights) {

    /** @return {@code m1 = E[v] = Σ w_k v_k} */
    double mean() {
        double m = 0;
        for (int k = 0; k < values.length; k++) {
            m += weights[k] * values[k];
        }
        return m;
    }

    /** @return {@code m2 = E[v²] = Σ w_k v_k²} */
    double secondMoment() {
        double m = 0;
        for (int k = 0; k < values.length; k++) {
            m += weights[k] * values[k] * values[k];
        }
        return m;
    }

    /** @return the smallest value */
    double min() {
        double m = Double.POSITIVE_INFINITY;
        for (double v : values) {
            m = Math.min(m, v);
        }
        return m;
    }

    /** @return the largest value */
    double max() {
        double m = 0;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /** @return the Laplace transform {@code E[exp(−a v)] = Σ w_k exp(−a v_k)}, {@code a ≥ 0} */
    double laplace(double a) {
        double m = 0;
        for (int k = 0; k < values.length; k++) {
            m += weights[k] * Math.exp(-a * values[k]);
        }
        return m;
    }
}
