package org.attnlimit.symbolic;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * Text and LaTeX from Symja's output. Symja's parser is case-insensitive here, so Φ and φ cannot be
 * the symbols {@code Phi} and {@code phi}: they are {@code ncdf} and {@code npdf} inside Symja and
 * become {@code \Phi} and {@code \varphi} only in what is shown.
 */
final class Rendering {
    private Rendering() {
    }

    /** @return Symja's InputForm with ncdf, npdf shown as Φ, φ */
    static String text(String symja) {
        return symja.replace("ncdf", "Φ").replace("npdf", "φ").replaceAll("\\s*\\R\\s*", "");
    }

    /** @return Symja's TeXForm with \Phi, \varphi, and multiplication dots dropped where juxtaposition reads */
    static String latex(String texForm) {
        String s = texForm.replace("\\text{ncdf}", "\\Phi").replace("\\text{npdf}", "\\varphi")
                .replace("ncdf", "\\Phi").replace("npdf", "\\varphi");
        s = s.replaceAll("(\\d) \\\\cdot (?=[a-zA-Z\\\\{(])", "$1 ");
        s = s.replaceAll(" \\\\cdot ", "\\\\,");
        s = s.replace("( - ", "(-").replaceAll("\\s+", " ").trim();
        return s;
    }

    /**
     * A number as an exact Symja literal when its decimal form is short ({@code 0.25 → (1/4)}), so that
     * derived forms keep exact coefficients; otherwise the plain decimal.
     */
    static String exact(double x) {
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        if (d.scale() <= 0) {
            return "(" + d.toBigInteger() + ")";
        }
        if (d.scale() <= 8) {
            return "(" + d.unscaledValue() + "/" + BigInteger.TEN.pow(d.scale()) + ")";
        }
        return "(" + d.toPlainString() + ")";
    }
}
