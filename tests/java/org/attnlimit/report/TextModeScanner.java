package org.attnlimit.report;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds raw ASCII operators in LaTeX text mode: {@code +/-}, {@code sqrt(}, {@code <}, {@code >} and {@code |}
 * print wrongly there (¡, ¿, a dash for the bar) or show that a formula was left as plain text. Math mode
 * ({@code $…$}, {@code \[…\]}, {@code \(…\)}, {@code equation}/{@code align} environments), comments, the
 * column specification of {@code tabular} (where {@code >{…}} and {@code <{…}} are syntax) and the comparison of
 * {@code \ifdim}/{@code \ifnum} are skipped.
 */
public final class TextModeScanner {
    private TextModeScanner() {
    }

    /** @return one message per offending text-mode occurrence (empty when clean) */
    public static List<String> violations(String latex) {
        List<String> out = new ArrayList<>();
        boolean math = false;
        int line = 1;
        int i = 0;
        int n = latex.length();
        while (i < n) {
            char c = latex.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (c == '%') {
                while (i < n && latex.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\\') {
                if (latex.startsWith("\\begin{tabular}", i) || latex.startsWith("\\begin{longtable}", i)) {
                    i = skipGroup(latex, latex.indexOf('}', i) + 1);
                } else if (latex.startsWith("\\ifdim", i) || latex.startsWith("\\ifnum", i)) {
                    // a TeX comparison: its < or > is syntax, not text
                    int j = i + 6;
                    while (j < n && "<>=".indexOf(latex.charAt(j)) < 0) {
                        j++;
                    }
                    i = j + 1;
                } else if (latex.startsWith("\\[", i) || latex.startsWith("\\(", i)) {
                    math = true;
                    i += 2;
                } else if (latex.startsWith("\\]", i) || latex.startsWith("\\)", i)) {
                    math = false;
                    i += 2;
                } else if (startsEnvironment(latex, i, "\\begin{")) {
                    math = true;
                    i = latex.indexOf('}', i) + 1;
                } else if (startsEnvironment(latex, i, "\\end{")) {
                    math = false;
                    i = latex.indexOf('}', i) + 1;
                } else {
                    i += 2; // an escaped character or the first letter of a command: never an operator
                }
            } else if (c == '$') {
                math = !math;
                i++;
            } else if (!math) {
                String what = latex.startsWith("+/-", i) ? "+/-" : latex.startsWith("sqrt(", i) ? "sqrt("
                        : c == '<' || c == '>' || c == '|' ? String.valueOf(c) : null;
                if (what != null) {
                    int from = Math.max(0, i - 30);
                    out.add("line " + line + ": '" + what + "' in text mode near \""
                            + latex.substring(from, Math.min(n, i + 30)).replace('\n', ' ') + "\"");
                    i += what.length();
                } else {
                    i++;
                }
            } else {
                i++;
            }
        }
        return out;
    }

    private static boolean startsEnvironment(String s, int i, String prefix) {
        for (String env : new String[] {"equation", "equation*", "align", "align*", "displaymath", "math"}) {
            if (s.startsWith(prefix + env + "}", i)) {
                return true;
            }
        }
        return false;
    }

    /** @return the index after the brace group starting at {@code i} (after optional spaces) */
    private static int skipGroup(String s, int i) {
        while (i < s.length() && s.charAt(i) != '{') {
            i++;
        }
        int depth = 0;
        for (; i < s.length(); i++) {
            if (s.charAt(i) == '{') {
                depth++;
            } else if (s.charAt(i) == '}' && --depth == 0) {
                return i + 1;
            }
        }
        return s.length();
    }
}
