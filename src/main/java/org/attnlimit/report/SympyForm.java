package org.attnlimit.report;

import java.util.Map;
import java.util.Optional;

/**
 * A closed form in Python/SymPy syntax, for readers who continue in Python: the Symja input form that
 * {@code expect} and {@code check} print ({@code -1+2*c^2*(1-Φ(c))+2*Φ(c)-2*c*φ(c)}) rewritten so that
 * {@code sympy.parse_expr} reads it ({@code -1+2*c**2*(1-Phi(c))+2*Phi(c)-2*c*phi(c)}).
 *
 * <p>{@code Phi} and {@code phi} stay names: the standard normal cdf {@code Φ(x) = (1 + erf(x/√2))/2} and pdf
 * {@code φ(x) = exp(−x²/2)/√(2π)}, which the reader defines (README, "From Python"), e.g.
 * {@code parse_expr(s, local_dict={"Phi": lambda x: (1 + erf(x/sqrt(2)))/2, "phi": lambda x: exp(-x**2/2)/sqrt(2*pi)})}.
 * An expression with a name this class does not know gives no SymPy form rather than a wrong one.
 */
public final class SympyForm {
    private SympyForm() {
    }

    /** Symja function and constant names with their SymPy spelling. */
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("Φ", "Phi"), Map.entry("φ", "phi"), Map.entry("ϕ", "phi"),
            Map.entry("Sqrt", "sqrt"), Map.entry("Exp", "exp"), Map.entry("Log", "log"), Map.entry("Erf", "erf"),
            Map.entry("Erfc", "erfc"), Map.entry("Abs", "Abs"), Map.entry("Max", "Max"), Map.entry("Min", "Min"),
            Map.entry("Sin", "sin"), Map.entry("Cos", "cos"), Map.entry("Tan", "tan"), Map.entry("ArcSin", "asin"),
            Map.entry("ArcCos", "acos"), Map.entry("ArcTan", "atan"), Map.entry("Sinh", "sinh"), Map.entry("Cosh", "cosh"),
            Map.entry("Tanh", "tanh"), Map.entry("Sign", "sign"), Map.entry("Pi", "pi"), Map.entry("E", "E"),
            Map.entry("Infinity", "oo"), Map.entry("ρ", "rho"), Map.entry("μ", "mu"), Map.entry("σ", "sigma"));

    /**
     * @param symja an expression in Symja's input form (operators {@code + - * / ^}, calls {@code f(x)})
     * @return the same expression in SymPy syntax, or empty if it uses a name with no known SymPy spelling
     */
    public static Optional<String> of(String symja) {
        if (symja == null || symja.isBlank()) {
            return Optional.empty();
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < symja.length()) {
            char ch = symja.charAt(i);
            if (Character.isLetter(ch)) {
                int j = i;
                while (j < symja.length() && (Character.isLetterOrDigit(symja.charAt(j)) || symja.charAt(j) == '_')) {
                    j++;
                }
                String name = symja.substring(i, j);
                String mapped = NAMES.get(name);
                if (mapped == null) {
                    // a lower-case ASCII name is a parameter (c, mu, v, a, v1); a capitalised or non-ASCII one is a
                    // Symja function or constant we cannot vouch for
                    if (!name.matches("[a-z][a-z0-9_]*")) {
                        return Optional.empty();
                    }
                    mapped = name;
                }
                out.append(mapped);
                i = j;
            } else if (ch == '^') {
                out.append("**");
                i++;
            } else if ("0123456789.+-*/(), ".indexOf(ch) >= 0) {
                out.append(ch);
                i++;
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(out.toString());
    }
}
