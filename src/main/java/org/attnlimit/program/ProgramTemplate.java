package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands the template statements of the {@code .netsor} format into primitive statements, so that many
 * tokens and heads fit in a few lines (documented in {@code theory/programs/README.md}):
 * <ul>
 *   <li>{@code let H = 2}: a named number, usable in loop bounds and in braces;</li>
 *   <li>{@code for a in 1..H: STATEMENT} and {@code for a in 1..H, j in 1..s: STATEMENT} repeat one
 *       statement (the first variable outermost); {@code for … {} … {@code }} repeats a block of lines;</li>
 *   <li>{@code {expr}} inside a statement is replaced by the value of {@code expr} (numbers, loop
 *       variables, lets, {@code + − * / ^}, parentheses, {@code sqrt(…)}), e.g. {@code q{a}_{j}} or
 *       {@code prod({1/sqrt(H)}, y)}; an integer is written without a decimal point;</li>
 *   <li>{@code ITEM for j in 1..s} as an element of an argument list expands to {@code s} elements, e.g.
 *       {@code attend(p{i}{j} for j in 1..i; u{j} for j in 1..i)}.</li>
 * </ul>
 * Each expanded statement keeps the line number of its source line. Every error is an
 * {@link IllegalArgumentException} starting {@code line N: }.
 */
final class ProgramTemplate {
    /** One statement after expansion, with its source line. */
    record Line(int number, String text) {
    }

    private static final Pattern LET = Pattern.compile("let\\s+(" + ProgramParser.NAME + ")\\s*=\\s*(.+)");
    private static final Pattern FOR = Pattern.compile("for\\s+(.+?)\\s*(:|\\{)\\s*(.*)");
    private static final Pattern RANGE = Pattern.compile("(" + ProgramParser.NAME + ")\\s+in\\s+(.+?)\\s*\\.\\.\\s*(.+)");
    /** Guards against a runaway template (e.g. a typo in a bound). */
    private static final int MAX_STATEMENTS = 1_000_000;

    private final List<Line> out = new ArrayList<>();
    private final Map<String, Double> lets = new HashMap<>();

    private ProgramTemplate() {
    }

    /** @param lines the source lines, comments removed and stripped (index i is line i + 1) */
    static List<Line> expand(List<String> lines) {
        ProgramTemplate t = new ProgramTemplate();
        List<Line> src = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isEmpty()) {
                src.add(new Line(i + 1, lines.get(i)));
            }
        }
        int end = t.block(src, 0, new HashMap<>());
        if (end < src.size()) {
            throw error(src.get(end).number, "'}' without an open 'for … {' block");
        }
        return t.out;
    }

    private static IllegalArgumentException error(int line, String message) {
        return new InvalidInputException("line " + line + ": " + message);
    }

    /** Expands {@code src[from..]} until a closing brace (returns its index) or the end. */
    private int block(List<Line> src, int from, Map<String, Double> env) {
        int i = from;
        while (i < src.size()) {
            Line l = src.get(i);
            String s = l.text;
            if (s.equals("}")) {
                return i;
            }
            Matcher let = LET.matcher(s);
            Matcher loop = FOR.matcher(s);
            if (let.matches()) {
                String name = let.group(1);
                if (lets.containsKey(name) || env.containsKey(name)) {
                    throw error(l.number, "'" + name + "' is already defined as a template number");
                }
                lets.put(name, evaluate(l.number, let.group(2), env));
                i++;
            } else if (s.startsWith("for ") && loop.matches()) {
                List<String[]> ranges = ranges(l.number, loop.group(1));
                if (loop.group(2).equals(":")) {
                    if (loop.group(3).isEmpty()) {
                        throw error(l.number, "'for …:' needs a statement after the colon");
                    }
                    Line body = new Line(l.number, loop.group(3));
                    iterate(l.number, ranges, 0, env, e -> block(List.of(body), 0, e));
                    i++;
                } else {
                    if (!loop.group(3).isEmpty()) {
                        throw error(l.number, "'for … {' must end its line; put the statements on the next lines");
                    }
                    int close = findClose(src, i + 1);
                    List<Line> body = src.subList(i + 1, close);
                    iterate(l.number, ranges, 0, env, e -> {
                        int end = block(body, 0, e);
                        if (end < body.size()) {
                            throw error(body.get(end).number, "'}' without an open 'for … {' block");
                        }
                    });
                    i = close + 1;
                }
            } else {
                emit(l.number, s, env);
                i++;
            }
        }
        return i;
    }

    private static int findClose(List<Line> src, int from) {
        int depth = 1;
        for (int i = from; i < src.size(); i++) {
            String s = src.get(i).text;
            if (s.equals("}")) {
                depth--;
                if (depth == 0) {
                    return i;
                }
            } else if (s.startsWith("for ") && s.endsWith("{")) {
                depth++;
            }
        }
        throw error(src.get(from - 1).number, "'for … {' block is not closed by a line '}'");
    }

    private interface Body {
        void run(Map<String, Double> env);
    }

    private static List<String[]> ranges(int line, String spec) {
        List<String[]> out = new ArrayList<>();
        for (String part : splitTopLevel(spec, ',')) {
            Matcher m = RANGE.matcher(part.strip());
            if (!m.matches()) {
                throw error(line, "malformed loop '" + part.strip() + "'; expected 'VAR in FROM..TO', e.g. 'j in 1..4'");
            }
            out.add(new String[] {m.group(1), m.group(2), m.group(3)});
        }
        return out;
    }

    private void iterate(int line, List<String[]> ranges, int k, Map<String, Double> env, Body body) {
        if (k == ranges.size()) {
            body.run(env);
            return;
        }
        String[] r = ranges.get(k);
        if (lets.containsKey(r[0]) || env.containsKey(r[0])) {
            throw error(line, "loop variable '" + r[0] + "' is already defined");
        }
        int lo = integer(line, r[1], env);
        int hi = integer(line, r[2], env);
        for (int v = lo; v <= hi; v++) {
            Map<String, Double> e = new HashMap<>(env);
            e.put(r[0], (double) v);
            iterate(line, ranges, k + 1, e, body);
        }
    }

    private int integer(int line, String expr, Map<String, Double> env) {
        String s = expr.strip();
        if (s.startsWith("{") && s.endsWith("}")) {
            s = s.substring(1, s.length() - 1);
        }
        double v = evaluate(line, s, env);
        if (v != Math.rint(v) || Math.abs(v) > 1e9) {
            throw error(line, "loop bound '" + expr.strip() + "' must be an integer, got " + v);
        }
        return (int) v;
    }

    private void emit(int line, String s, Map<String, Double> env) {
        String text = substitute(line, comprehensions(line, s, env), env, true);
        if (out.size() >= MAX_STATEMENTS) {
            throw error(line, "the templates expand to more than " + MAX_STATEMENTS + " statements");
        }
        out.add(new Line(line, text));
    }

    // ------------------------------------------------------------ comprehensions: ITEM for j in a..b

    /** Expands {@code ITEM for VAR in A..B} elements of every parenthesised argument list. */
    private String comprehensions(int line, String s, Map<String, Double> env) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '(') {
                int close = Brackets.closing(s, i);
                if (close < 0) {
                    b.append(s, i, s.length());   // unbalanced: left for the parser to report
                    break;
                }
                b.append('(').append(list(line, s.substring(i + 1, close), env)).append(')');
                i = close + 1;
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }

    private String list(int line, String content, Map<String, Double> env) {
        StringBuilder b = new StringBuilder();
        int depth = 0;
        int start = 0;
        for (int i = 0; i <= content.length(); i++) {
            char c = i < content.length() ? content.charAt(i) : ',';
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if ((c == ',' || c == ';') && depth == 0) {
                b.append(element(line, content.substring(start, i), env));
                if (i < content.length()) {
                    b.append(c);
                }
                start = i + 1;
            }
        }
        return b.toString();
    }

    private String element(int line, String el, Map<String, Double> env) {
        int at = topLevelFor(el);
        if (at < 0) {
            return comprehensions(line, el, env);
        }
        String item = el.substring(0, at).strip();
        Matcher m = RANGE.matcher(el.substring(at + 5).strip());
        if (item.isEmpty() || !m.matches()) {
            throw error(line, "malformed comprehension '" + el.strip() + "'; expected 'ITEM for VAR in FROM..TO'");
        }
        String var = m.group(1);
        if (lets.containsKey(var) || env.containsKey(var)) {
            throw error(line, "comprehension variable '" + var + "' is already defined");
        }
        int lo = integer(line, m.group(2), env);
        int hi = integer(line, m.group(3), env);
        if (hi < lo) {
            throw error(line, "comprehension '" + el.strip() + "' is empty (" + lo + ".." + hi + ")");
        }
        List<String> items = new ArrayList<>();
        for (int v = lo; v <= hi; v++) {
            Map<String, Double> e = new HashMap<>(env);
            e.put(var, (double) v);
            items.add(comprehensions(line, substitute(line, item, e, false), e));
        }
        return (el.startsWith(" ") ? " " : "") + String.join(", ", items);
    }

    /** @return the index of the first {@code " for "} outside parentheses and braces, or −1 */
    private static int topLevelFor(String s) {
        return indexOfTopLevel(s, " for ", 0);
    }

    /**
     * @return the index of the first {@code token} at or after {@code from} outside brackets, parentheses and
     *     braces (opened at or after {@code from}), or −1
     */
    private static int indexOfTopLevel(String s, String token, int from) {
        int depth = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (depth == 0 && s.startsWith(token, i)) {
                return i;
            }
        }
        return -1;
    }


    // ------------------------------------------------------------ {expr} substitution

    /**
     * Replaces each {@code {expr}} whose names are all known; with {@code strict}, an unknown name is an
     * error (otherwise the braces are left for an inner comprehension to fill).
     */
    private String substitute(int line, String s, Map<String, Double> env, boolean strict) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '}') {
                throw error(line, "'}' without '{' in '" + s + "'");
            }
            if (c != '{') {
                b.append(c);
                i++;
                continue;
            }
            int close = s.indexOf('}', i);
            int nextOpen = s.indexOf('{', i + 1);
            if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
                throw error(line, "unbalanced braces in '" + s + "' (braces do not nest)");
            }
            String inner = s.substring(i + 1, close);
            if (!strict && !known(inner, env)) {
                b.append(s, i, close + 1);
            } else {
                b.append(format(evaluate(line, inner, env)));
            }
            i = close + 1;
        }
        return b.toString();
    }

    private boolean known(String expr, Map<String, Double> env) {
        Matcher m = Pattern.compile(ProgramParser.NAME).matcher(expr);
        while (m.find()) {
            String n = m.group();
            if (!FUNCTIONS.contains(n) && !env.containsKey(n) && !lets.containsKey(n)) {
                return false;
            }
        }
        return true;
    }

    static String format(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private double evaluate(int line, String expr, Map<String, Double> env) {
        return new Arithmetic(line, expr, env).parse();
    }

    /** The functions of template arithmetic: one argument, except {@code min}, {@code max} (two or more). */
    static final java.util.Set<String> FUNCTIONS = java.util.Set.of("sqrt", "abs", "exp", "log", "sin", "cos", "tan",
            "tanh", "floor", "ceil", "round", "sign", "min", "max");

    /**
     * Recursive descent for {@code + − * / ^}, parentheses, numbers, names and the functions {@link #FUNCTIONS}
     * (e.g. {@code {-0.5*abs(i-j)}}, {@code {min(i, j)}}, {@code {exp(-1)}}).
     */
    private final class Arithmetic {
        private final int line;
        private final String s;
        private final Map<String, Double> env;
        private int pos;

        Arithmetic(int line, String s, Map<String, Double> env) {
            this.line = line;
            this.s = s;
            this.env = env;
        }

        double parse() {
            double v = sum();
            skip();
            if (pos != s.length()) {
                throw error(line, "malformed template expression '" + s + "' at '" + s.substring(pos) + "'");
            }
            if (!Double.isFinite(v)) {
                throw error(line, "template expression '" + s + "' is not finite");
            }
            return v;
        }

        private void skip() {
            while (pos < s.length() && s.charAt(pos) == ' ') {
                pos++;
            }
        }

        private boolean eat(char c) {
            skip();
            if (pos < s.length() && s.charAt(pos) == c) {
                pos++;
                return true;
            }
            return false;
        }

        private double sum() {
            double v = product();
            while (true) {
                if (eat('+')) {
                    v += product();
                } else if (eat('-')) {
                    v -= product();
                } else {
                    return v;
                }
            }
        }

        private double product() {
            double v = power();
            while (true) {
                if (eat('*')) {
                    v *= power();
                } else if (eat('/')) {
                    v /= power();
                } else {
                    return v;
                }
            }
        }

        private double function(String name) {
            if (!eat('(')) {
                throw error(line, name + " needs parentheses in '" + s + "'");
            }
            List<Double> args = new ArrayList<>();
            args.add(sum());
            while (eat(',')) {
                args.add(sum());
            }
            if (!eat(')')) {
                throw error(line, "missing ')' in template expression '" + s + "'");
            }
            return callFunction(this, name, args);
        }

        private double power() {
            double v = unary();
            return eat('^') ? Math.pow(v, power()) : v;
        }

        private double unary() {
            if (eat('-')) {
                return -unary();
            }
            if (eat('(')) {
                double v = sum();
                if (!eat(')')) {
                    throw error(line, "missing ')' in template expression '" + s + "'");
                }
                return v;
            }
            skip();
            int start = pos;
            if (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.')) {
                while (pos < s.length() && (Character.isDigit(s.charAt(pos)) || s.charAt(pos) == '.'
                        || s.charAt(pos) == 'e' || s.charAt(pos) == 'E'
                        || ((s.charAt(pos) == '-' || s.charAt(pos) == '+') && (s.charAt(pos - 1) == 'e' || s.charAt(pos - 1) == 'E')))) {
                    pos++;
                }
                try {
                    return org.attnlimit.calculus.Numbers.parseDouble(s.substring(start, pos));
                } catch (NumberFormatException e) {
                    throw error(line, "malformed number '" + s.substring(start, pos) + "' in '" + s + "'");
                }
            }
            while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
                pos++;
            }
            String name = s.substring(start, pos);
            if (name.isEmpty()) {
                throw error(line, "malformed template expression '" + s + "'");
            }
            if (FUNCTIONS.contains(name)) {
                return function(name);
            }
            Double v = env.containsKey(name) ? env.get(name) : lets.get(name);
            if (v == null) {
                throw error(line, "unknown template variable '" + name + "' in '{" + s + "}'");
            }
            return v;
        }
    }

    /** @return {@code f(args)} after the name {@code f} was read */
    private double callFunction(Arithmetic a, String name, List<Double> args) {
        int line = a.line;
        boolean many = name.equals("min") || name.equals("max");
        if (many ? args.isEmpty() : args.size() != 1) {
            throw error(line, name + " takes " + (many ? "one or more arguments" : "one argument") + ", got " + args.size()
                    + " in '{" + a.s + "}'");
        }
        double x = args.get(0);
        return switch (name) {
            case "sqrt" -> Math.sqrt(x);
            case "abs" -> Math.abs(x);
            case "exp" -> Math.exp(x);
            case "log" -> Math.log(x);
            case "sin" -> Math.sin(x);
            case "cos" -> Math.cos(x);
            case "tan" -> Math.tan(x);
            case "tanh" -> Math.tanh(x);
            case "floor" -> Math.floor(x);
            case "ceil" -> Math.ceil(x);
            case "round" -> Math.rint(x);
            case "sign" -> Math.signum(x);
            case "min" -> args.stream().mapToDouble(Double::doubleValue).min().getAsDouble();
            default -> args.stream().mapToDouble(Double::doubleValue).max().getAsDouble();
        };
    }

    /** Splits at {@code sep} outside brackets, parentheses and braces. */
    private static List<String> splitTopLevel(String s, char sep) {
        List<String> out = new ArrayList<>();
        String token = String.valueOf(sep);
        int start = 0;
        for (int i = indexOfTopLevel(s, token, 0); i >= 0; i = indexOfTopLevel(s, token, start)) {
            out.add(s.substring(start, i));
            start = i + 1;
        }
        out.add(s.substring(start));
        return out;
    }
}
