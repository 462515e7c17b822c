package org.attnlimit.program;

/**
 * One named entry of the infinite-width covariance table of a program (Definition 3.1 (A), (B)).
 *
 * @param kind {@code input}, {@code matmul}, {@code mean}, {@code nonlin} or {@code score}
 * @param a the first vector or score
 * @param b the second (equal to {@code a} for means and variances)
 * @param quantity the quantity in LaTeX, e.g. {@code \operatorname{Cov}(Z^{q_{1}}, Z^{q_{2}})}
 * @param value its value
 * @param errorBound a bound (or, for quadrature, an estimate) of {@code |value − exact|}
 * @param formula how it is obtained, in LaTeX (e.g. {@code \sigma_{WQ}^2\,\mathbb{E}[Z^{x_{1}}Z^{x_{2}}]})
 * @param closedForm a closed form in LaTeX when the calculus supplied one, else {@code null}
 * @param method which tier answered ({@code given}, {@code exact}, {@code isserlis}, {@code calculus:…},
 *     {@code quadrature})
 */
public record CovarianceEntry(String kind, String a, String b, String quantity, double value,
        double errorBound, String formula, String closedForm, String method) {

    /** @return a program name in LaTeX as the table writes it ({@code t2_1} → {@code t_{2,1}}) */
    public static String tex(String name) {
        return ProgramTable.tex(name);
    }
}
