package org.attnlimit.symbolic;

import java.util.Set;

/**
 * A claim read by {@link ClaimAlgebra}: a formula in Mathematica-like syntax or LaTeX, with Φ and φ the
 * standard normal distribution function and density.
 *
 * @param source the claim as written
 * @param latexInput whether it was written in LaTeX
 * @param symja the formula in Symja's relaxed syntax, Φ and φ as {@code ncdf} and {@code npdf}
 * @param text the formula in plain text with Φ and φ (for display)
 * @param latex the formula in LaTeX (for display; the input itself when it was LaTeX)
 * @param form the formula compiled for fast numeric evaluation
 * @param symbols the free symbols (parameters) it uses
 */
public record ParsedClaim(String source, boolean latexInput, String symja, String text, String latex,
        CompiledForm form, Set<String> symbols) {

    /** @return whether the claim holds numbers written with finitely many digits (rounded literals) */
    public boolean rounded() {
        return form.roundedLiterals() > 0;
    }
}
