package org.attnlimit.calculus;

/**
 * A closed form derived by a computer-algebra system, written with Φ and φ (the standard normal
 * distribution function and density).
 *
 * @param text plain-text form, e.g. {@code -1+2*c^2*(1-Φ(c))+2*Φ(c)-2*c*φ(c)}
 * @param latex LaTeX with the mean and variance substituted and the activation parameter kept
 *     symbolic, e.g. {@code 2\Phi(c) - 1 - 2c\varphi(c) + 2c^{2}(1-\Phi(c))}
 * @param generalLatex LaTeX in the symbols μ, v and the activation parameter, or {@code null}
 * @param value the closed form evaluated at the given numbers
 */
public record ClosedForm(String text, String latex, String generalLatex, double value) {
}
