package org.attnlimit.calculus;

import java.util.Optional;

/**
 * A Gaussian expectation: its value, a closed form when one is known, which tier answered and a
 * bound on the absolute error of {@code value}.
 *
 * @param value the expectation
 * @param latex the closed form in LaTeX (with {@code \Phi} and {@code \varphi}), or {@code null}
 * @param method which tier answered
 * @param errorBound bound on {@code |value - exact|}
 * @param note extra information (e.g. why a symbolic attempt fell back to quadrature), or {@code null}
 */
public record Expectation(double value, String latex, Method method, double errorBound, String note) {

    /** @return the closed form, if any */
    public Optional<String> closedForm() {
        return Optional.ofNullable(latex);
    }
}
