package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attnlimit.calculus.Activation;

/**
 * Reads the {@code .netsor} text format (documented in {@code theory/programs/README.md}) into
 * statements. Only syntax is checked here; names and Assumption 3.1 are checked by
 * {@link ProgramValidator}. Every error is an {@link IllegalArgumentException} starting {@code line N: }.
 */
final class ProgramParser {
    static final String NAME = "[A-Za-z_][A-Za-z0-9_']*";
    private static final Pattern NAME_PATTERN = Pattern.compile(NAME);
    private static final Pattern ASSIGN = Pattern.compile("(" + NAME + ")\\s*=\\s*(.+)");
    private static final Pattern MATMUL = Pattern.compile("(" + NAME + ")\\s+(" + NAME + ")");
    private static final Pattern SCORE = Pattern.compile("(score|score_linear)\\s*\\((.*)\\)");
    private static final Pattern VAR = Pattern.compile("(?:var|variance)\\s*=\\s*(\\S+)");

    /** Deepest accepted nesting of parentheses in one expression (every pass over an expression recurses). */
    static final int MAX_DEPTH = 100;
    /** Longest accepted program, in statements (after templates are expanded). */
    static final int MAX_STATEMENTS = 20_000;
    /**
     * Most accepted pairs of MatMul outputs of one matrix, summed over the matrices: the limit has a covariance for
     * every such pair (Definition 3.1 (A)), so its cost grows with their number (one matrix used 1000 times, i.e.
     * 500 500 pairs: about 5 s). The paper's s = 10, H = 16 layer has 64 matrices used 10 times: 3520 pairs.
     */
    static final long MAX_MATMUL_PAIRS = 500_500;

    private static final Pattern NORM = Pattern.compile("(rmsnorm|layernorm)\\s*\\((.*)\\)");
    private static final Pattern BEYOND = Pattern.compile("beyond\\s+theorem");

    /** The statements of a program and what its text declares about them. */
    record Parsed(List<Statement> statements, boolean beyondTheorem) {
    }

    private final List<Statement> statements = new ArrayList<>();
    private boolean beyondTheorem;
    private Scaling scaling = Scaling.SQRT;
    private int line;

    private ProgramParser() {
    }

    /** Parses the program text into statements (in source order). */
    static List<Statement> parse(String text) {
        return parseAll(text).statements();
    }

    /** Parses the program text into statements (in source order) and the {@code beyond theorem} declaration. */
    static Parsed parseAll(String text) {
        if (text == null) {
            throw new InvalidInputException("program text is missing");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);   // a UTF-8 byte-order mark, as some editors write
        }
        ProgramParser p = new ProgramParser();
        List<String> lines = new ArrayList<>();
        for (String s : text.split("\\R", -1)) {
            int hash = s.indexOf('#');
            if (hash >= 0) {
                s = s.substring(0, hash);
            }
            lines.add(s.strip());
            p.line = lines.size();
            p.checkDepth(s);   // before the template expander, which recurses into brackets too
        }
        for (ProgramTemplate.Line l : ProgramTemplate.expand(lines)) {
            p.line = l.number();
            p.statement(l.text());
        }
        if (p.statements.isEmpty()) {
            throw new InvalidInputException("the program is empty (no statements)");
        }
        if (p.statements.size() > MAX_STATEMENTS) {
            throw new InvalidInputException("the program has " + p.statements.size() + " statements; at most "
                    + MAX_STATEMENTS + " are accepted");
        }
        long pairs = 0;
        java.util.Map<String, Integer> uses = new java.util.HashMap<>();
        for (Statement st : p.statements) {
            if (st instanceof Statement.MatMul m) {
                pairs += uses.merge(m.matrix(), 1, Integer::sum);   // the k-th use adds k pairs (itself included)
            }
        }
        if (pairs > MAX_MATMUL_PAIRS) {
            throw new InvalidInputException("the program has " + pairs + " pairs of MatMul outputs of one matrix; at most "
                    + MAX_MATMUL_PAIRS + " are accepted (the limit has a covariance for every such pair, Definition 3.1 (A);"
                    + " use more matrices or fewer products per matrix)");
        }
        return new Parsed(List.copyOf(p.statements), p.beyondTheorem);
    }

    private IllegalArgumentException error(String message) {
        return new InvalidInputException("line " + line + ": " + message);
    }

    private void checkDepth(String s) {
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' && ++depth > MAX_DEPTH) {
                throw error("expression nested more than " + MAX_DEPTH + " levels deep; split it into several"
                        + " Nonlin statements");
            } else if (c == ')') {
                depth--;
            }
        }
    }

    private void statement(String s) {
        checkDepth(s);
        if (BEYOND.matcher(s).matches()) {
            beyondTheorem = true;
            return;
        }
        String first = s.split("[\\s:]+", 2)[0];
        switch (first) {
            case "block" -> {
                for (String generated : ProgramBlock.expand(s.substring(5).strip(), this::error)) {
                    statement(generated);
                }
            }
            case "input" -> input(s.substring(5).strip());
            case "matrix" -> matrix(s.substring(6).strip());
            case "scaling" -> scaling(s.substring(7).strip());
            default -> assignment(s);
        }
    }

    private void scaling(String rest) {
        switch (rest.toLowerCase(Locale.ROOT)) {
            case "sqrt", "1/sqrt(n)" -> scaling = Scaling.SQRT;
            case "linear", "1/n" -> scaling = Scaling.LINEAR;
            default -> throw error("unknown scaling '" + rest + "'; expected 'scaling sqrt' or 'scaling linear'");
        }
    }

    private void matrix(String rest) {
        double variance = 1.0;
        Matcher v = VAR.matcher(rest);
        if (v.find()) {
            variance = number(v.group(1), "matrix variance");
            rest = (rest.substring(0, v.start()) + rest.substring(v.end())).strip();
        }
        if (!(variance > 0) || Double.isInfinite(variance)) {
            throw error("matrix variance must be > 0, got " + variance);
        }
        List<String> names = names(rest, "matrix");
        for (String n : names) {
            statements.add(new Statement.Matrix(n, variance, line));
        }
    }

    private void input(String rest) {
        String law = null;
        int tilde = rest.indexOf('~');
        if (tilde >= 0) {
            law = rest.substring(tilde + 1).strip();
            rest = rest.substring(0, tilde);
        }
        List<String> names = names(rest, "input");
        int k = names.size();
        double[] mean = new double[k];
        double[][] cov = new double[k][k];
        for (int i = 0; i < k; i++) {
            cov[i][i] = 1.0;
        }
        if (law != null) {
            if (!law.startsWith("N(") || !law.endsWith(")")) {
                throw error("malformed law '" + law + "'; expected N(mean, cov), e.g. N(0, I) or N([0, 1], [[1, 0.5], [0.5, 1]])");
            }
            List<String> parts = splitTopLevel(law.substring(2, law.length() - 1));
            if (parts.size() != 2) {
                throw error("N(mean, cov) takes 2 arguments, got " + parts.size());
            }
            mean = meanVector(parts.get(0).strip(), k);
            cov = covarianceMatrix(parts.get(1).strip(), k);
        }
        statements.add(new Statement.Input(names, mean, cov, line));
    }

    private double[] meanVector(String s, int k) {
        double[] m = new double[k];
        if (s.startsWith("[")) {
            List<String> items = list(s);
            if (items.size() != k) {
                throw error("mean has " + items.size() + " entries for " + k + " input vector(s)");
            }
            for (int i = 0; i < k; i++) {
                m[i] = number(items.get(i), "mean");
            }
        } else {
            java.util.Arrays.fill(m, number(s, "mean"));
        }
        return m;
    }

    private double[][] covarianceMatrix(String s, int k) {
        double[][] c = new double[k][k];
        if (s.equals("I")) {
            for (int i = 0; i < k; i++) {
                c[i][i] = 1;
            }
        } else if (s.startsWith("[")) {
            List<String> rows = list(s);
            if (rows.size() != k) {
                throw error("covariance has " + rows.size() + " rows for " + k + " input vector(s)");
            }
            for (int i = 0; i < k; i++) {
                String row = rows.get(i).strip();
                List<String> items = row.startsWith("[") ? list(row) : List.of(row);
                if (items.size() != k) {
                    throw error("covariance row " + (i + 1) + " has " + items.size() + " entries, expected " + k);
                }
                for (int j = 0; j < k; j++) {
                    c[i][j] = number(items.get(j), "covariance");
                }
            }
        } else {
            double v = number(s, "variance");
            for (int i = 0; i < k; i++) {
                c[i][i] = v;
            }
        }
        return c;
    }

    private void assignment(String s) {
        Matcher m = ASSIGN.matcher(s);
        if (!m.matches()) {
            throw error("malformed statement '" + s + "'; expected 'input …', 'matrix …', 'scaling …' or 'name = …'");
        }
        String out = m.group(1);
        String rhs = m.group(2).strip();
        Matcher score = SCORE.matcher(rhs);
        Matcher mm = MATMUL.matcher(rhs);
        Matcher norm = NORM.matcher(rhs);
        if (norm.matches()) {
            String y = norm.group(2).strip();
            if (!NAME_PATTERN.matcher(y).matches()) {
                throw error(norm.group(1) + " takes one vector name, e.g. 'r = " + norm.group(1) + "(y)', got '" + y
                        + "' (write the argument as its own statement first)");
            }
            Expr.NormKind kind = norm.group(1).equals("rmsnorm") ? Expr.NormKind.RMS : Expr.NormKind.LAYER;
            statements.add(new Statement.Nonlin(out, new Expr.Norm(kind, new Expr.Ref(y)), line));
        } else if (score.matches()) {
            List<String> args = splitTopLevel(score.group(2));
            if (args.size() != 2) {
                throw error(score.group(1) + " takes 2 arguments (query, key), got " + args.size());
            }
            String q = args.get(0).strip();
            String k = args.get(1).strip();
            checkName(q);
            checkName(k);
            Scaling sc = score.group(1).equals("score_linear") ? Scaling.LINEAR : scaling;
            statements.add(new Statement.Score(out, q, k, sc, line));
        } else if (mm.matches()) {
            statements.add(new Statement.MatMul(out, mm.group(1), mm.group(2), line));
        } else {
            Expr e = expression(rhs);
            if (e instanceof Expr.Ref) {
                throw error("'" + out + " = " + rhs + "' is neither MatMul ('g = W x') nor Nonlin ('h = phi(g)');"
                        + " write identity(" + rhs + ") for a copy");
            }
            statements.add(new Statement.Nonlin(out, e, line));
        }
    }

    /**
     * expr := NUMBER | NAME | FUNC '(' expr (',' expr)* ')' | attend[:tau=T] '(' expr,… ';' expr,… ')'
     * | softmax[:tau=T] '(' INTEGER ';' expr,… ')'. A temperature divides the logits: it is written out
     * as {@code prod(1/T, a_j)}.
     */
    private Expr expression(String s) {
        s = s.strip();
        if (s.isEmpty()) {
            throw error("empty expression");
        }
        List<Integer> additive = operators(s, "+-");
        if (!additive.isEmpty()) {
            return sum(s, additive);
        }
        List<Integer> multiplicative = operators(s, "*/");
        if (!multiplicative.isEmpty()) {
            return product(s, multiplicative);
        }
        if ((s.charAt(0) == '-' || s.charAt(0) == '+') && !isNumber(s)) {
            Expr inner = expression(s.substring(1));
            return s.charAt(0) == '+' ? inner : negate(inner);
        }
        if (s.charAt(0) == '(' && Brackets.closing(s, 0) == s.length() - 1) {
            return expression(s.substring(1, s.length() - 1));
        }
        int open = s.indexOf('(');
        if (open < 0) {
            if (looksNumeric(s)) {
                return new Expr.Const(number(s, "constant"));
            }
            checkName(s);
            return new Expr.Ref(s);
        }
        if (!s.endsWith(")")) {
            throw error("malformed expression '" + s + "' (unbalanced parentheses)");
        }
        String func = s.substring(0, open).strip();
        String inside = s.substring(open + 1, s.length() - 1);
        String base = func.contains(":") ? func.substring(0, func.indexOf(':')) : func;
        if (base.equals("attend") || base.equals("softmax")) {
            return attention(func, base, inside, s);
        }
        if (inside.contains(";") && splitTopLevel(inside, ';').size() > 1) {
            throw error("';' separates the logits from the values in attend(…) and the index from the logits in"
                    + " softmax(…) only, not in " + func + "(…)");
        }
        List<Expr> parsed = arguments(inside, s);
        switch (func) {
            case "prod", "sum" -> {
                if (parsed.size() < 2) {
                    throw error(func + " takes 2 or more arguments, got " + parsed.size());
                }
                return func.equals("prod") ? new Expr.Prod(parsed) : new Expr.Sum(parsed);
            }
            case "score", "score_linear" -> throw error(func + "(…) must be a whole statement 'p = "
                    + func + "(q, k)', not part of an expression");
            case "rmsnorm", "layernorm" -> throw error(func + "(…) is a moment operation on a whole vector: write it as"
                    + " its own statement 'r = " + func + "(y)' with y a vector name, not part of an expression");
            default -> {
                Activation phi;
                try {
                    phi = Activation.parse(func);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage() + "; multi-argument functions: prod, sum, attend, softmax");
                }
                if (parsed.size() != 1) {
                    throw error("activation " + phi.spec() + " takes 1 argument, got " + parsed.size());
                }
                return new Expr.Apply(phi, parsed.get(0));
            }
        }
    }

    private Expr attention(String func, String base, String inside, String whole) {
        double tau = 1;
        if (!func.equals(base)) {
            String param = func.substring(base.length() + 1).strip();
            if (!param.startsWith("tau=")) {
                throw error("unknown parameter '" + param + "' of " + base + "; it takes tau=T (a temperature), e.g. "
                        + base + ":tau=2(…)");
            }
            tau = number(param.substring(4), base + " temperature tau");
            if (!(tau > 0)) {
                throw error(base + " temperature tau must be > 0, got " + Activation.formatNumber(tau));
            }
        }
        List<String> parts = splitTopLevel(inside, ';');
        if (parts.size() != 2) {
            throw error(base.equals("attend")
                    ? "attend takes logits and values separated by ';', e.g. attend(p11, p12; u1, u2)"
                    : "softmax takes an index and logits separated by ';', e.g. softmax(1; p11, p12)");
        }
        boolean attend = base.equals("attend");
        List<Expr> logits = arguments(parts.get(attend ? 0 : 1), whole);
        if (tau != 1) {
            double inv = 1 / tau;
            logits = logits.stream().map(a -> (Expr) new Expr.Prod(List.of(new Expr.Const(inv), a))).toList();
        }
        if (attend) {
            List<Expr> values = arguments(parts.get(1), whole);
            if (values.size() != logits.size()) {
                throw error("attend has " + logits.size() + " logits but " + values.size() + " values");
            }
            return new Expr.Attend(logits, values);
        }
        String index = parts.get(0).strip();
        int j;
        try {
            j = org.attnlimit.calculus.Numbers.parseInt(index);
        } catch (NumberFormatException e) {
            throw error("softmax index must be an integer, got '" + index + "'");
        }
        if (j < 1 || j > logits.size()) {
            throw error("softmax index must be between 1 and " + logits.size() + ", got " + j);
        }
        return new Expr.Softmax(j, logits);
    }

    private List<Expr> arguments(String inside, String whole) {
        List<Expr> parsed = new ArrayList<>();
        for (String a : splitTopLevel(inside)) {
            if (a.isBlank()) {
                throw error("empty argument in '" + whole + "'");
            }
            parsed.add(expression(a));
        }
        return parsed;
    }

    // ------------------------------------------------------------ infix arithmetic: a + b, a - 0.5, 2*a, a/2

    /**
     * @return the positions of the binary operators among {@code ops} outside parentheses and brackets: not a
     *     sign at the start or after another operator, not the exponent sign of a number ({@code 1e-3}), not the
     *     hyphen inside a name ({@code leaky-relu})
     */
    private static List<Integer> operators(String s, String ops) {
        List<Integer> out = new ArrayList<>();
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
            } else if (depth == 0 && ops.indexOf(c) >= 0 && binary(s, i)) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean binary(String s, int i) {
        int p = i - 1;
        while (p >= 0 && s.charAt(p) == ' ') {
            p--;
        }
        if (p < 0) {
            return false;
        }
        char prev = s.charAt(p);
        if (!(Character.isLetterOrDigit(prev) || prev == '_' || prev == '\'' || prev == ')' || prev == '.')) {
            return false;   // a sign after an operator, '=', ',' or '('
        }
        char c = s.charAt(i);
        if (c == '-' || c == '+') {
            if (p == i - 1 && i + 1 < s.length() && Character.isLetter(prev) && Character.isLetter(s.charAt(i + 1))
                    && c == '-') {
                return false;   // the hyphen of a name such as leaky-relu
            }
            int start = p;
            while (start > 0 && (Character.isLetterOrDigit(s.charAt(start - 1)) || s.charAt(start - 1) == '.'
                    || s.charAt(start - 1) == '_')) {
                start--;
            }
            String token = s.substring(start, p + 1);
            if (p == i - 1 && token.matches("[0-9.]+[eE]")) {
                return false;   // 1e-3
            }
        }
        return true;
    }

    private Expr sum(String s, List<Integer> at) {
        List<Expr> terms = new ArrayList<>();
        int start = 0;
        char sign = '+';
        for (int k = 0; k <= at.size(); k++) {
            int end = k < at.size() ? at.get(k) : s.length();
            String piece = s.substring(start, end).strip();
            if (piece.isEmpty()) {
                throw error("missing operand in '" + s + "'");
            }
            Expr e = expression(piece);
            terms.add(sign == '-' ? negate(e) : e);
            if (k < at.size()) {
                sign = s.charAt(end);
                start = end + 1;
            }
        }
        if (terms.stream().allMatch(t -> t instanceof Expr.Const)) {
            return new Expr.Const(terms.stream().mapToDouble(t -> ((Expr.Const) t).value()).sum());
        }
        return new Expr.Sum(terms);
    }

    private Expr product(String s, List<Integer> at) {
        List<Expr> factors = new ArrayList<>();
        int start = 0;
        char op = '*';
        for (int k = 0; k <= at.size(); k++) {
            int end = k < at.size() ? at.get(k) : s.length();
            String piece = s.substring(start, end).strip();
            if (piece.isEmpty()) {
                throw error("missing operand in '" + s + "'");
            }
            Expr e = expression(piece);
            if (op == '/') {
                if (!(e instanceof Expr.Const c) || c.value() == 0) {
                    throw error("'" + s + "': only division by a non-zero number is supported (got '" + piece
                            + "'); multiply by a constant instead");
                }
                e = new Expr.Const(1 / c.value());
            }
            factors.add(e);
            if (k < at.size()) {
                op = s.charAt(end);
                start = end + 1;
            }
        }
        if (factors.stream().allMatch(f -> f instanceof Expr.Const)) {
            double v = 1;
            for (Expr f : factors) {
                v *= ((Expr.Const) f).value();
            }
            return new Expr.Const(v);
        }
        return new Expr.Prod(factors);
    }

    private static Expr negate(Expr e) {
        if (e instanceof Expr.Const c) {
            return new Expr.Const(-c.value());
        }
        return new Expr.Prod(List.of(new Expr.Const(-1), e));
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s.strip());
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }


    private static boolean looksNumeric(String s) {
        if (s.isEmpty()) {
            return false;
        }
        char c = s.charAt(0);
        return Character.isDigit(c) || c == '-' || c == '+' || c == '.';
    }

    private List<String> names(String rest, String keyword) {
        List<String> names = new ArrayList<>();
        for (String n : rest.split("[\\s,]+")) {
            if (!n.isEmpty()) {
                checkName(n);
                names.add(n);
            }
        }
        if (names.isEmpty()) {
            throw error("'" + keyword + "' needs at least one name");
        }
        return names;
    }

    private void checkName(String n) {
        if (!NAME_PATTERN.matcher(n).matches()) {
            throw error("'" + n + "' is not a valid name (letters, digits, _ and ', starting with a letter or _)");
        }
    }

    private double number(String s, String what) {
        try {
            double v = org.attnlimit.calculus.Numbers.parseDouble(s.strip());
            if (!Double.isFinite(v)) {
                throw error(what + " must be finite, got '" + s.strip() + "'");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(what + " is not a number: '" + s.strip() + "'");
        }
    }

    private List<String> list(String s) {
        if (!s.startsWith("[") || !s.endsWith("]")) {
            throw error("malformed list '" + s + "'");
        }
        return splitTopLevel(s.substring(1, s.length() - 1));
    }

    /** Splits at commas outside brackets and parentheses. */
    private List<String> splitTopLevel(String s) {
        return splitTopLevel(s, ',');
    }

    /** Splits at {@code sep} outside brackets and parentheses. */
    private List<String> splitTopLevel(String s, char sep) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if (c == ')' || c == ']') {
                depth--;
                if (depth < 0) {
                    throw error("unbalanced brackets in '" + s + "'");
                }
            } else if (c == sep && depth == 0) {
                out.add(s.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw error("unbalanced brackets in '" + s + "'");
        }
        String last = s.substring(start).strip();
        if (!last.isEmpty() || !out.isEmpty()) {
            out.add(last);
        }
        return out;
    }
}
