package org.attnlimit.calculus;

/**
 * Which tier answered a Gaussian expectation (the three tiers of neural-tangents' {@code stax}).
 * The JSON name is {@link #label()}.
 */
public enum Method {
    /** A closed form derived by the computer-algebra system at run time. */
    SYMBOLIC("symbolic"),
    /**
     * A cited or textbook identity evaluated by hand-coded formula (arc-cosine and arcsine kernels, Stein's
     * lemma, truncated-Gaussian moments of piecewise-linear activations), verified by quadrature in tests.
     */
    IDENTITY("identity"),
    /** Numerical quadrature split at the activation's breakpoints, with an error bound. */
    QUADRATURE("quadrature");

    private final String label;

    Method(String label) {
        this.label = label;
    }

    /** @return the lower-case name used in JSON output */
    public String label() {
        return label;
    }
}
