package org.attnlimit.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the plain-ASCII labels the checks and samplers print ({@code E|X_{n,1}|^3 / sqrt(n) -> 0},
 * {@code KS(y_1, N(0, E[V])) (info)}, {@code s=2, H=1, clip_1}) into LaTeX that mixes text and math:
 * English words stay in text mode, every formula goes into {@code $…$} with {@code \sqrt{…}}, {@code \pm},
 * {@code \le}, {@code \to}, {@code \langle q,k\rangle}, {@code \mathbb{E}} and subscripts. Code names
 * ({@code AttentionLimit.cdf}) become {@code \texttt}. Written by hand because the labels are a small
 * informal notation of this project, not a language a library parses.
 */
public final class AsciiMath {
    private AsciiMath() {
    }

    /** Words that stay prose although they are short or could be variables. */
    private static final Set<String> PROSE = Set.of("of", "is", "vs", "as", "in", "to", "at", "by", "on", "no", "or",
            "and", "for", "the", "a", "an", "i", "ii", "iii", "iv", "per", "its", "every", "order", "info", "same", "over", "draws", "when", "with");
    /** Words that are mathematics although they are long. */
    private static final Map<String, String> MATH_WORDS = Map.ofEntries(
            Map.entry("sqrt", "\\sqrt"), Map.entry("exp", "\\exp"), Map.entry("cos", "\\cos"), Map.entry("sin", "\\sin"),
            Map.entry("log", "\\log"), Map.entry("max", "\\max"), Map.entry("min", "\\min"), Map.entry("sup", "\\sup"),
            Map.entry("sum", "\\sum"), Map.entry("tanh", "\\tanh"), Map.entry("erf", "\\operatorname{erf}"),
            Map.entry("sign", "\\operatorname{sign}"), Map.entry("softmax", "\\operatorname{softmax}"),
            Map.entry("Var", "\\operatorname{Var}"), Map.entry("Cov", "\\operatorname{Cov}"),
            Map.entry("KS", "\\mathrm{KS}"), Map.entry("W1", "W_1"), Map.entry("E", "\\mathbb{E}"),
            Map.entry("infinity", "\\infty"), Map.entry("inf", "\\infty"), Map.entry("clip", "\\operatorname{clip}"),
            Map.entry("relu", "\\operatorname{ReLU}"), Map.entry("kl", "kl"),
            Map.entry("alpha", "\\alpha"), Map.entry("beta", "\\beta"), Map.entry("gamma", "\\gamma"),
            Map.entry("kappa", "\\kappa"), Map.entry("mu", "\\mu"), Map.entry("rho", "\\rho"), Map.entry("phi", "\\phi"),
            Map.entry("psi", "\\psi"), Map.entry("sigma", "\\sigma"), Map.entry("Sigma", "\\Sigma"),
            Map.entry("tau", "\\tau"), Map.entry("theta", "\\theta"), Map.entry("lambda", "\\lambda"),
            Map.entry("pi", "\\pi"), Map.entry("varphi", "\\varphi"), Map.entry("Phi", "\\Phi"));
    private static final Pattern CITATION = Pattern.compile(
            "(Definition|Lemma|Proposition|Theorem|Remark|Corollary|Example|Assumption|Appendix|Section|Figure) "
                    + "([A-Z]\\.?)?\\d+(\\.\\d+)*( \\([A-Za-z]{1,4}\\))?( \\(\\w+\\))?");
    private static final Pattern CODE = Pattern.compile("[A-Z][a-z]+[A-Z][a-z]+\\w*(\\.\\w+(\\(\\))?)*|\\.netsor");

    /** @return {@code ascii} as LaTeX for a text cell, caption or legend */
    public static String toLatex(String ascii) {
        List<String[]> segments = new ArrayList<>(); // {kind, raw}: kind "t" text, "m" math, "c" code, "r" raw LaTeX text
        for (String token : tokens(ascii)) {
            if (token.isBlank()) {
                add(segments, "s", token);
                continue;
            }
            if (token.startsWith("\u0000")) {
                add(segments, "r", Latex.escapeText(token.substring(1)));
                continue;
            }
            Matcher code = CODE.matcher(stripPunctuation(token));
            if (code.matches()) {
                String core = stripPunctuation(token);
                int at = token.indexOf(core);
                add(segments, "t", token.substring(0, at));
                add(segments, "c", core);
                add(segments, "t", token.substring(at + core.length()));
                continue;
            }
            String core = stripPunctuation(token);
            if (isProse(core)) {
                add(segments, "t", token);
            } else if (core.matches("\\d+(\\.\\d+)?") && !segments.isEmpty() && lastKind(segments).equals("t")) {
                add(segments, "t", token);
            } else {
                add(segments, "m", token);
            }
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            String[] s = segments.get(i);
            switch (s[0]) {
                // two names joined take an en dash (Gauss--Hermite), as in print
                case "t" -> b.append(Latex.escapeText(s[1]).replaceAll("\\b([A-Z][a-z]+)-([A-Z][a-z]+)\\b", "$1--$2"));
                case "r" -> b.append(s[1]);
                case "c" -> b.append("\\texttt{").append(Latex.escapeText(s[1]).replace(".", ".\\allowbreak ")).append('}');
                case "m" -> b.append('$').append(math(s[1].strip())).append('$');
                default -> b.append(s[1]);
            }
        }
        return b.toString().replaceAll("\\$\\$", "");
    }

    /** A space between two math tokens joins them into one formula (spaces become thin, readable spaces). */
    private static void add(List<String[]> segments, String kind, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (kind.equals("s")) {
            if (!segments.isEmpty() && lastKind(segments).equals("m")) {
                segments.add(new String[] {"s?", text});
            } else {
                segments.add(new String[] {"t", text});
            }
            return;
        }
        if (kind.equals("m") && segments.size() >= 2 && lastKind(segments).equals("s?")
                && segments.get(segments.size() - 2)[0].equals("m")) {
            String space = segments.remove(segments.size() - 1)[1];
            String[] prev = segments.get(segments.size() - 1);
            prev[1] = prev[1] + space + text;
            return;
        }
        if (!segments.isEmpty() && lastKind(segments).equals("s?")) {
            segments.get(segments.size() - 1)[0] = "t";
        }
        if (!segments.isEmpty() && lastKind(segments).equals(kind) && !kind.equals("c")) {
            segments.get(segments.size() - 1)[1] += text;
            return;
        }
        segments.add(new String[] {kind, text});
    }

    private static String lastKind(List<String[]> segments) {
        return segments.get(segments.size() - 1)[0];
    }

    /** Splits at spaces, keeping the spaces as tokens and citations ("Definition 3.1 (B)") as one text token. */
    private static List<String> tokens(String ascii) {
        List<String> out = new ArrayList<>();
        Matcher cite = CITATION.matcher(ascii);
        int from = 0;
        while (cite.find()) {
            split(ascii.substring(from, cite.start()), out);
            out.add("\u0000" + cite.group());
            from = cite.end();
        }
        split(ascii.substring(from), out);
        return out;
    }

    private static void split(String s, List<String> out) {
        Matcher m = Pattern.compile("\\s+|[^\\s]+").matcher(s);
        while (m.find()) {
            out.add(m.group());
        }
    }

    private static String stripPunctuation(String token) {
        if (token.matches("[(\\[]*[A-Za-z.]+\\(\\)[,;:]*")) {
            return token.replaceAll("^[(\\[]+", "").replaceAll("[,;:]+$", "");
        }
        return token.replaceAll("^[(\\[]+", "").replaceAll("[),;:\\]]+$", "").replaceAll(",$", "");
    }

    private static boolean isProse(String core) {
        if (core.isEmpty()) {
            return true;
        }
        if (MATH_WORDS.containsKey(core)) {
            return false;
        }
        if (PROSE.contains(core.toLowerCase(java.util.Locale.ROOT)) || core.matches("\\d-D")) {
            return true;
        }
        return core.matches("[A-Za-z][a-z]+(-[A-Za-z][a-z]*)*('s)?") && core.length() >= 3
                || core.matches("[A-Z][A-Za-z]*[a-z][A-Za-z]*") && core.length() >= 3;
    }

    /** Translates one formula (no {@code $}) to LaTeX math. */
    static String math(String s) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (s.startsWith("+/-", i)) {
                b.append("\\pm ");
                i += 3;
            } else if (s.startsWith("<=", i)) {
                b.append("\\le ");
                i += 2;
            } else if (s.startsWith(">=", i)) {
                b.append("\\ge ");
                i += 2;
            } else if (s.startsWith("->", i)) {
                b.append("\\to ");
                i += 2;
            } else if (s.startsWith("!=", i)) {
                b.append("\\ne ");
                i += 2;
            } else if (s.startsWith("...", i)) {
                b.append("\\dots");
                i += 3;
            } else if (c == '<' && angle(s, i) > 0) {
                int end = angle(s, i);
                b.append("\\langle ").append(math(s.substring(i + 1, end))).append("\\rangle ");
                i = end + 1;
            } else if (Character.isLetter(c)) {
                int j = i;
                while (j < s.length() && Character.isLetter(s.charAt(j))) {
                    j++;
                }
                String word = s.substring(i, j);
                int k = j;
                while (k < s.length() && Character.isDigit(s.charAt(k))) {
                    k++;
                }
                String digits = s.substring(j, k);
                if (word.equals("sqrt") && k < s.length() && s.charAt(k) == '(' && closing(s, k) > 0) {
                    int close = closing(s, k);
                    b.append("\\sqrt{").append(math(s.substring(k + 1, close))).append('}');
                    i = close + 1;
                    continue;
                }
                Matcher code = CODE.matcher(s.substring(i));
                if (code.lookingAt() && !code.group().equals(".netsor")) {
                    // separate boxes joined by \allowbreak: a line may break between them even inside math
                    b.append("\\texttt{").append(code.group().replace(".", ".}\\allowbreak\\texttt{")).append('}');
                    i += code.end();
                    continue;
                }
                if (s.startsWith("_ring", k)) {
                    b.append("\\mathring{").append(word).append('}');
                    i = k + 5;
                    continue;
                }
                if (word.equals("clip") && s.startsWith(":c=", k)) {
                    int e = k + 3;
                    while (e < s.length() && (Character.isDigit(s.charAt(e)) || s.charAt(e) == '.')) {
                        e++;
                    }
                    b.append("\\operatorname{clip}_{").append(s, k + 3, e).append('}');
                    i = e;
                    continue;
                }
                String w = MATH_WORDS.get(word + digits);
                if (w != null) {
                    b.append(w);
                } else {
                    w = MATH_WORDS.get(word);
                    if (word.equals("N") && k < s.length() && s.charAt(k) == '(' && digits.isEmpty()) {
                        b.append("\\mathcal{N}");
                    } else if (w != null) {
                        b.append(w).append(digits.isEmpty() ? "" : "_{" + digits + "}");
                    } else if (word.length() > 1 && word.length() <= 3 && word.equals(word.toUpperCase(java.util.Locale.ROOT))
                            || word.length() > 3) {
                        b.append(word.length() > 3 ? "\\mathrm{" + word + "}" : word)
                                .append(digits.isEmpty() ? "" : "_{" + digits + "}");
                    } else {
                        b.append(word).append(digits.isEmpty() ? "" : "_{" + digits + "}");
                    }
                    if (w == null && k < s.length() && Character.isLetter(s.charAt(k))) {
                        b.append(' ');
                    }
                }
                if (w != null && w.startsWith("\\") && k < s.length() && Character.isLetterOrDigit(s.charAt(k))) {
                    b.append(' ');
                }
                i = k;
            } else if (c == '_' || c == '^') {
                b.append(c);
                i++;
                if (i < s.length() && s.charAt(i) == '{' && closing(s, i) > 0) {
                    int close = closing(s, i);
                    b.append('{').append(math(s.substring(i + 1, close))).append('}');
                    i = close + 1;
                } else {
                    int j = i;
                    if (j < s.length() && s.charAt(j) == '-') {
                        j++;
                    }
                    while (j < s.length() && Character.isLetterOrDigit(s.charAt(j))) {
                        j++;
                    }
                    String run = s.substring(i, j);
                    String w = MATH_WORDS.get(run);
                    b.append('{').append(w != null ? w : run).append('}');
                    i = j;
                }
            } else if (c == '.' && i + 1 < s.length() && !Character.isDigit(s.charAt(i + 1)) && i > 0
                    && (Character.isLetterOrDigit(s.charAt(i - 1)) || s.charAt(i - 1) == ')' || s.charAt(i - 1) == '}')) {
                b.append("\\cdot ");
                i++;
            } else if (c == ',' && i + 1 < s.length() && s.charAt(i + 1) == ' ') {
                b.append(",\\allowbreak\\ ");
                i += 2;
            } else if (c == '*') {
                b.append("\\ast ");
                i++;
            } else if (c == '{' || c == '}' || c == '#' || c == '%' || c == '&' || c == '$' || c == '~' || c == '\\') {
                b.append(c == '{' ? "\\{" : c == '}' ? "\\}" : c == '~' ? "\\sim " : c == '\\' ? "\\backslash " : "\\" + c);
                i++;
            } else if (c == '|') {
                b.append('|');
                i++;
            } else if (c > 127) {
                b.append(unicode(c));
                i++;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString().strip();
    }

    private static String unicode(char c) {
        return switch (c) {
            case '≤' -> "\\le ";
            case '≥' -> "\\ge ";
            case '±' -> "\\pm ";
            case '→' -> "\\to ";
            case '∞' -> "\\infty ";
            case 'σ' -> "\\sigma ";
            case 'Σ' -> "\\Sigma ";
            case 'ρ' -> "\\rho ";
            case 'κ' -> "\\kappa ";
            case 'φ' -> "\\phi ";
            case 'ψ' -> "\\psi ";
            case 'α' -> "\\alpha ";
            case '·' -> "\\cdot ";
            case '×' -> "\\times ";
            case '≈' -> "\\approx ";
            case '²' -> "^2";
            case '³' -> "^3";
            case '⁴' -> "^4";
            case '√' -> "\\surd ";
            default -> "?";
        };
    }

    /** @return the index of the {@code >} closing an inner product {@code <a,b>} opened at {@code i}, or -1 */
    private static int angle(String s, int i) {
        int end = s.indexOf('>', i);
        if (end < 0 || s.startsWith("->", end - 1) || s.startsWith("<=", i)) {
            return -1;
        }
        String inner = s.substring(i + 1, end);
        return inner.contains(",") && !inner.contains(" ") && !inner.contains("<") ? end : -1;
    }

    private static int closing(String s, int open) {
        char o = s.charAt(open);
        char c = o == '(' ? ')' : o == '{' ? '}' : ']';
        int depth = 0;
        for (int j = open; j < s.length(); j++) {
            if (s.charAt(j) == o) {
                depth++;
            } else if (s.charAt(j) == c && --depth == 0) {
                return j;
            }
        }
        return -1;
    }
}
