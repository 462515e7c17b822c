package org.attnlimit.symbolic;

import org.attnlimit.calculus.InvalidInputException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.matheclipse.core.interfaces.IAST;
import org.matheclipse.core.interfaces.IExpr;
import org.matheclipse.core.interfaces.ISymbol;

/**
 * One computer-algebra session for checking claims ({@code attnlimit check}): reads a claim written in
 * Mathematica-like syntax ({@code 2*Phi(c)-1-2*c*phi(c)}, also {@code Sqrt[x]}) or LaTeX
 * ({@code 2\Phi(c)-1-2c\varphi(c)}, through Symja's {@code ToExpression(…, TeXForm)}), compiles it to a
 * {@link CompiledForm} for the numeric judgement, and decides symbolically whether
 * {@code claim − derived} simplifies to 0.
 *
 * <p>What the readers get wrong and this class repairs (measured with Symja 3.0.0): the relaxed parser
 * is case-insensitive, so {@code Phi} and {@code phi} would be one symbol — they are renamed to
 * {@code ncdf}, {@code npdf} before parsing; {@code 1e-9} reads as {@code 1·e − 9} — written
 * {@code (1*10^(-9))} first; LaTeX's {@code \Phi}, {@code \varphi} come back as the Greek heads Φ, ϕ,
 * subscripts as {@code Subscript(v,1)}, and {@code \rho(…)} or {@code 2c(1-c)} as a call of the
 * parameter — renamed, joined ({@code v1}) and turned into products here. The input is parsed
 * without evaluation first and every function is checked against a whitelist, so that a claim cannot
 * run anything but arithmetic. One instance runs every claim of a file (one Symja start).
 */
public final class ClaimAlgebra implements AutoCloseable {
    private static final Map<String, String> FUNCTIONS = Map.ofEntries(
            Map.entry("plus", "Plus"), Map.entry("times", "Times"), Map.entry("power", "Power"),
            Map.entry("sqrt", "Sqrt"), Map.entry("exp", "Exp"), Map.entry("log", "Log"), Map.entry("sin", "Sin"),
            Map.entry("cos", "Cos"), Map.entry("tan", "Tan"), Map.entry("arcsin", "ArcSin"),
            Map.entry("arccos", "ArcCos"), Map.entry("arctan", "ArcTan"), Map.entry("sinh", "Sinh"),
            Map.entry("cosh", "Cosh"), Map.entry("tanh", "Tanh"), Map.entry("erf", "Erf"), Map.entry("erfc", "Erfc"),
            Map.entry("abs", "Abs"), Map.entry("max", "Max"), Map.entry("min", "Min"),
            Map.entry("ncdf", "ncdf"), Map.entry("npdf", "npdf"));
    /** LaTeX's \\Phi, \\varphi and \\phi come back as Greek function heads (matched before any case folding). */
    private static final Map<String, String> GREEK_FUNCTIONS = Map.of("\u03a6", "ncdf", "\u03d5", "npdf", "\u03c6", "npdf");
    private static final Map<String, String> GREEK = Map.of("ρ", "rho", "μ", "mu", "σ", "sigma", "θ", "theta",
            "π", "Pi", "ν", "nu", "τ", "tau", "α", "alpha", "β", "beta");
    /** A number as written: mantissa and optional exponent (not part of a name such as v1). */
    private static final Pattern NUMBER = Pattern.compile("(?<![A-Za-z_0-9.])(\\d+\\.\\d*|\\.\\d+|\\d+)(?:[eE]([+-]?\\d+))?");
    /** LaTeX's {@code 1.5\times 10^{-9}}. */
    private static final Pattern TEX_SCIENTIFIC = Pattern.compile("(\\d+\\.?\\d*)\\s*\\\\times\\s*10\\^\\{?\\s*([+-]?\\d+)\\s*\\}?");
    /** {@code ,\\quad K(\\rho)=…} at the end of a formula. */
    private static final Pattern DEFINITION = Pattern.compile(",\\s*\\\\q?quad\\s*([A-Za-z])\\(\\\\rho\\)\\s*=(.*)$");
    private static final String TO_ERF = " /. {ncdf(z_) :> (1+Erf(z/Sqrt(2)))/2, npdf(z_) :> Exp(-z^2/2)/Sqrt(2*Pi)}";
    private static final String FROM_ERF = " /. Erf(z_) :> 2*ncdf(Sqrt(2)*z)-1 /. Power(E, w_) :> Sqrt(2*Pi)*npdf(PowerExpand(Sqrt(-2*w)))";

    private final SymjaWorker worker;
    private final Duration timeout;

    private ClaimAlgebra(Duration timeout) {
        this.worker = new SymjaWorker();
        this.timeout = timeout;
    }

    /** @return a session with its own Symja thread and the given budget per evaluation */
    public static ClaimAlgebra open(Duration timeout) {
        return new ClaimAlgebra(timeout);
    }

    /** A literal written with finitely many digits: its value, half a unit in its last place, and its text. */
    private record Literal(double value, double half, String text) {
    }

    /**
     * Reads a claim.
     *
     * @param source Mathematica-like syntax or LaTeX (recognised by a backslash or a brace)
     * @param parameters the names that may appear as parameters (a parameter "applied" to an argument,
     *     as in {@code \rho(\pi - \arccos\rho)}, is read as a product)
     * @throws IllegalArgumentException if it does not parse, uses an unknown function or a complex number
     */
    public ParsedClaim parse(String source, Set<String> parameters) {
        if (source == null || source.isBlank()) {
            throw new InvalidInputException("the claim is empty");
        }
        String s = source.trim();
        boolean latex = s.contains("\\") || s.contains("{");
        String checked = latex ? expandDefinition(s) : s;
        if (checked.contains("\"") || checked.contains(";") || checked.contains("=") || checked.contains(":")) {
            throw new InvalidInputException("claim '" + s + "' is not a formula (it contains one of \" ; = :)");
        }
        balanced(s);
        List<Literal> literals = new ArrayList<>();
        IExpr tree;
        if (latex) {
            String tex = normaliseTex(s, literals);
            SymjaWorker.Result r = worker.eval("ToExpression(\"" + tex.replace("\\", "\\\\") + "\", TeXForm)", timeout);
            if (r.expr() == null || r.text().contains("ToExpression") || r.text().contains("$Failed")) {
                throw new InvalidInputException("claim '" + s + "' does not parse as LaTeX"
                        + " (check the arguments of \\frac, \\sqrt and the braces)");
            }
            tree = r.expr();
        } else {
            String plain = normalisePlain(s, literals);
            SymjaWorker.Result r = worker.parse(plain, timeout);
            if (r.expr() == null) {
                throw new InvalidInputException("claim '" + s + "' does not parse: " + r.failure());
            }
            tree = r.expr();
        }
        String symja = new Emitter(parameters, literals, false).emit(tree);
        SymjaWorker.Result evaluated = worker.eval(symja, timeout);
        if (evaluated.expr() == null) {
            throw new InvalidInputException("claim '" + s + "' could not be evaluated: " + evaluated.failure());
        }
        String canonical = evaluated.text();
        Compiler compiler = new Compiler(literals);
        Set<String> symbols = compiler.symbols(evaluated.expr());
        CompiledForm form = compiler.compile(evaluated.expr(), new ArrayList<>(symbols));
        String display = latex ? displayTex(s) : latex(new Emitter(parameters, literals, true), tree);
        return new ParsedClaim(s, latex, canonical, Rendering.text(canonical), display, form, symbols);
    }

    /**
     * Reads a formula already in Symja's syntax with {@code ncdf}, {@code npdf} (a derived form of the
     * catalogue or a cited identity).
     */
    public ParsedClaim parseDerived(String symja) {
        SymjaWorker.Result r = worker.eval(symja, timeout);
        if (r.expr() == null) {
            throw new IllegalStateException("derived form '" + symja + "' does not evaluate: " + r.failure());
        }
        Compiler compiler = new Compiler(List.of());
        Set<String> symbols = compiler.symbols(r.expr());
        CompiledForm form = compiler.compile(r.expr(), new ArrayList<>(symbols));
        SymjaWorker.Result tex = worker.eval("TeXForm(" + r.text() + ")", timeout);
        return new ParsedClaim(symja, false, r.text(), Rendering.text(r.text()),
                tex.expr() == null ? null : Rendering.latex(tex.text()), form, symbols);
    }

    /** The outcome of simplifying claim − derived. */
    public enum Identity {
        /** claim − derived simplifies to 0 */
        IDENTICAL,
        /** it simplifies to something else (shown in {@link Comparison#difference()}) */
        DIFFERENT,
        /** Symja gave up or ran out of time */
        UNDECIDED
    }

    /**
     * @param identity the outcome
     * @param difference the simplified {@code claim − derived} with Φ and φ, when not 0
     * @param reason why undecided, or {@code null}
     */
    public record Comparison(Identity identity, String difference, String reason) {
    }

    /**
     * Simplifies {@code claim − derived} after substituting {@code fixed} parameters (as exact numbers)
     * and {@code substitutions} (symbol → formula in Symja syntax, e.g. {@code c12 → rho*Sqrt(v1*v2)}),
     * with Φ and φ written through erf so that {@code Φ(−x) = 1 − Φ(x)} needs no rule.
     * {@code PowerExpand} assumes the parameters under roots are positive, which is the domain of
     * variances; the numeric judgement backs every identity up.
     */
    public Comparison compare(ParsedClaim claim, String derived, Map<String, Double> fixed, Map<String, String> substitutions) {
        StringBuilder rules = new StringBuilder();
        substitutions.forEach((k, v) -> rules.append(rules.length() == 0 ? "" : ",").append(k).append("->(").append(v).append(")"));
        fixed.forEach((k, v) -> rules.append(rules.length() == 0 ? "" : ",").append(k).append("->").append(Rendering.exact(v)));
        String difference = "((" + claim.symja() + ")-(" + derived + "))";
        if (rules.length() > 0) {
            difference = "(" + difference + " /. {" + rules + "})";
        }
        // Expand decides most identities in a few ms; Simplify (hundreds of ms when cold) only when it does not.
        SymjaWorker.Result expanded = worker.eval("Expand(PowerExpand(" + difference + TO_ERF + "))", timeout);
        if (expanded.expr() != null && expanded.expr().isZero()) {
            return new Comparison(Identity.IDENTICAL, null, null);
        }
        SymjaWorker.Result r = worker.eval("Simplify(" + (expanded.expr() != null ? expanded.text()
                : "PowerExpand(" + difference + TO_ERF + ")") + ")", timeout);
        if (r.expr() == null) {
            return new Comparison(Identity.UNDECIDED, null, r.failure());
        }
        if (r.expr().isZero()) {
            return new Comparison(Identity.IDENTICAL, null, null);
        }
        // Roots of products appear only after simplifying (√(v1 v2 − c12²) → √((1−ρ²) v1 v2)): expand them once more.
        SymjaWorker.Result again = worker.eval("Simplify(PowerExpand(" + r.text() + "))", timeout);
        if (again.expr() != null && again.expr().isZero()) {
            return new Comparison(Identity.IDENTICAL, null, null);
        }
        if (again.expr() != null && again.text().length() < r.text().length()) {
            r = again;
        }
        SymjaWorker.Result shown = worker.eval("(" + r.text() + ")" + FROM_ERF, timeout);
        // With the Gaussian density one opaque symbol again and π written as a square (Symja neither splits
        // √(2π) nor reduces √(4π²)), radicals such as √(2π)/√π − √(4π)/√(2π) cancel.
        SymjaWorker.Result opaque = shown.expr() == null ? shown
                : worker.eval("Simplify(PowerExpand((" + shown.text() + ") /. Pi -> zpi^2))", timeout);
        if (opaque.expr() != null && opaque.expr().isZero()) {
            return new Comparison(Identity.IDENTICAL, null, null);
        }
        return new Comparison(Identity.DIFFERENT, Rendering.text(shown.expr() == null ? r.text() : shown.text()), null);
    }

    /**
     * @return {@code derived} with the fixed parameters substituted (as exact numbers), simplified when
     *     that shortens it, in plain text with Φ and φ — the form printed next to a claim
     */
    public String derivedText(String derived, Map<String, Double> fixed) {
        StringBuilder rules = new StringBuilder();
        fixed.forEach((k, v) -> rules.append(rules.length() == 0 ? "" : ",").append(k).append("->").append(Rendering.exact(v)));
        String input = (rules.length() == 0 ? derived : "((" + derived + ") /. {" + rules + "})") + " /. ncdf(0) -> 1/2";
        SymjaWorker.Result r = worker.eval(input, timeout);
        if (r.expr() == null) {
            return Rendering.text(derived);
        }
        String best = r.text();
        SymjaWorker.Result simple = worker.eval("Simplify(" + best + ")", timeout);
        if (simple.expr() != null && simple.text().length() < best.length()) {
            best = simple.text();
        }
        return Rendering.text(best);
    }

    /** Stops the Symja thread. */
    @Override
    public void close() {
        worker.close();
    }

    // ---------------------------------------------------------------- reading

    /** Unbalanced brackets fail here, in a line: SnuggleTeX would spend the whole time budget on them. */
    private static void balanced(String s) {
        java.util.ArrayDeque<Character> open = new java.util.ArrayDeque<>();
        for (char ch : s.toCharArray()) {
            if (ch == '(' || ch == '[' || ch == '{') {
                open.push(ch);
            } else if (ch == ')' || ch == ']' || ch == '}') {
                char want = ch == ')' ? '(' : ch == ']' ? '[' : '{';
                if (open.isEmpty() || open.pop() != want) {
                    throw new InvalidInputException("claim '" + s + "' has an unmatched '" + ch + "'");
                }
            }
        }
        if (!open.isEmpty()) {
            throw new InvalidInputException("claim '" + s + "' has an unclosed '" + open.peek() + "'");
        }
    }

    /** Plain syntax: literals recorded, {@code 1e-9} made exact, Φ/φ renamed, brackets made parentheses. */
    static String normalisePlain(String s, List<Literal> literals) {
        StringBuilder out = new StringBuilder();
        Matcher m = NUMBER.matcher(s);
        int last = 0;
        while (m.find()) {
            out.append(s, last, m.start());
            String mantissa = m.group(1);
            String exponent = m.group(2);
            record(literals, mantissa, exponent, m.group());
            out.append(exponent == null ? mantissa : "(" + mantissa + "*10^(" + exponent + "))");
            last = m.end();
        }
        out.append(s.substring(last));
        return out.toString().replaceAll("\\bPhi\\b", "ncdf").replaceAll("\\b(phi|varphi)\\b", "npdf")
                .replace("Φ", "ncdf").replace("φ", "npdf").replace("ϕ", "npdf").replace("π", "Pi")
                .replace("ρ", "rho").replace("μ", "mu").replace("σ", "sigma").replace("**", "^")
                .replace('[', '(').replace(']', ')');
    }

    /** LaTeX: literals recorded, spacing and sizing commands dropped, aliases mapped to what SnuggleTeX reads. */
    static String normaliseTex(String s, List<Literal> literals) {
        String t = expandDefinition(s.replace("$", ""));
        Matcher sci = TEX_SCIENTIFIC.matcher(t);
        while (sci.find()) {
            record(literals, sci.group(1), sci.group(2), sci.group());
        }
        Matcher m = NUMBER.matcher(TEX_SCIENTIFIC.matcher(t).replaceAll(" "));
        while (m.find()) {
            if (m.group(2) == null) {
                record(literals, m.group(1), null, m.group());
            }
        }
        return t.replace("\\left", "").replace("\\right", "").replaceAll("\\\\(?:[,;:!]|q?quad\\b|displaystyle\\b)", " ")
                .replaceAll("\\\\(?:big|Big|bigg|Bigg)[lr]?\\b", "").replace("\\dfrac", "\\frac").replace("\\tfrac", "\\frac")
                .replace("\\mathrm{erf}", "\\operatorname{erf}").replace("\\mathrm{e}", "e").replace("\\phi", "\\varphi")
                .trim();
    }

    /**
     * {@code F(K),\\quad K(\\rho)=D} — a form with an auxiliary function, as {@code expect} prints the
     * leaky-ReLU kernels — becomes F with {@code K(±\\rho)} replaced by {@code (D)} at {@code ±\\rho}.
     */
    static String expandDefinition(String t) {
        Matcher def = DEFINITION.matcher(t);
        if (!def.find()) {
            return t;
        }
        String name = def.group(1);
        String body = def.group(2).trim();
        String main = t.substring(0, def.start());
        return main.replace(name + "(-\\rho)", "(" + body.replace("\\rho", "(-\\rho)") + ")")
                .replace(name + "(\\rho)", "(" + body + ")");
    }

    /** The LaTeX as shown: the input without spacing commands that a table does not need. */
    private static String displayTex(String s) {
        return s.replace("$", "").trim();
    }

    private static void record(List<Literal> literals, String mantissa, String exponent, String text) {
        if (!mantissa.contains(".") && exponent == null) {
            return;   // an integer is exact
        }
        int dot = mantissa.indexOf('.');
        int decimals = dot < 0 ? 0 : mantissa.length() - dot - 1;
        int e = exponent == null ? 0 : Integer.parseInt(exponent);
        double value = Double.parseDouble(mantissa) * Math.pow(10, e);
        literals.add(new Literal(value, 0.5 * Math.pow(10, e - decimals), text));
    }

    /** TeXForm of the claim, with rounded literals shown as written. */
    private String latex(Emitter placeholders, IExpr tree) {
        String text = placeholders.emit(tree);
        SymjaWorker.Result r = worker.eval("TeXForm(" + text + ")", timeout);
        if (r.expr() == null) {
            return null;
        }
        // v1, c12 → v_{1}, c_{12}; mu → \\mu
        String tex = Rendering.latex(r.text()).replaceAll("\\b([A-Za-z])(\\d+)\\b", "$1_{$2}")
                .replaceAll("\\bmu\\b", "\\\\mu ").replaceAll("\\bsigma\\b", "\\\\sigma ");
        List<String> shown = placeholders.shown;
        for (int i = shown.size() - 1; i >= 0; i--) {
            tex = tex.replace("\\text{zlit" + i + "}", shown.get(i)).replace("zlit" + i, shown.get(i));
        }
        return tex;
    }

    /** Writes a parsed tree back as relaxed Symja input, repairing the readers' quirks (see the class comment). */
    private static final class Emitter {
        private final Set<String> parameters;
        private final List<Literal> literals;
        private final boolean placeholders;
        final List<String> shown = new ArrayList<>();

        Emitter(Set<String> parameters, List<Literal> literals, boolean placeholders) {
            this.parameters = parameters;
            this.literals = literals;
            this.placeholders = placeholders;
        }

        String emit(IExpr x) {
            if (x.isNumber()) {
                return number(x);
            }
            if (x.isSymbol()) {
                return symbol(((ISymbol) x).getSymbolName());
            }
            if (!x.isAST()) {
                throw new InvalidInputException("cannot read '" + x + "' in the claim");
            }
            IAST ast = (IAST) x;
            IExpr head = ast.head();
            if (!head.isSymbol()) {
                throw new InvalidInputException("cannot read '" + x + "' in the claim");
            }
            String name = ((ISymbol) head).getSymbolName();
            if (name.equalsIgnoreCase("Subscript") && ast.argSize() == 2) {
                return symbol(subscripted(ast));
            }
            String mapped = GREEK.getOrDefault(name, name);
            if (parameters.contains(mapped) && ast.argSize() == 1) {
                return "(" + mapped + "*(" + emit(ast.arg1()) + "))";   // \rho(…), 2c(1-c): a product
            }
            String f = GREEK_FUNCTIONS.get(name);
            if (f == null) {
                f = FUNCTIONS.get(name.toLowerCase(Locale.ROOT));
            }
            if (f == null) {
                throw new InvalidInputException("unknown function '" + shownName(name) + "' in the claim; known: Phi, phi,"
                        + " sqrt, exp, log, erf, erfc, abs, max, min, sin, cos, tan, arcsin, arccos, arctan, sinh, cosh, tanh");
            }
            int arity = ast.argSize();
            boolean ok = switch (f) {
                case "Plus", "Times" -> arity >= 1;
                case "Power", "Max", "Min" -> arity == 2;
                default -> arity == 1;
            };
            if (!ok) {
                throw new InvalidInputException("function '" + shownName(name) + "' takes "
                        + (f.equals("Power") || f.equals("Max") || f.equals("Min") ? "two arguments" : "one argument")
                        + " in a claim");
            }
            StringBuilder b = new StringBuilder(f).append('(');
            for (int i = 1; i <= arity; i++) {
                b.append(i > 1 ? "," : "").append(emit(ast.get(i)));
            }
            return b.append(')').toString();
        }

        private static String shownName(String name) {
            return switch (name) {
                case "ncdf" -> "Phi";
                case "npdf" -> "phi";
                default -> name;
            };
        }

        private String subscripted(IAST ast) {
            IExpr base = ast.arg1();
            IExpr index = ast.arg2();
            if (!base.isSymbol() || !(index.isInteger() || index.isSymbol())) {
                throw new InvalidInputException("cannot read the subscript in '" + ast + "'");
            }
            String b = ((ISymbol) base).getSymbolName();
            return GREEK.getOrDefault(b, b) + index;
        }

        private String symbol(String name) {
            if (name.equalsIgnoreCase("pi")) {
                return "Pi";
            }
            if (name.equals("E")) {
                return "E";
            }
            if (GREEK_FUNCTIONS.containsKey(name)) {
                throw new InvalidInputException("'" + (name.equals("\u03a6") ? "\\Phi" : "\\varphi")
                        + "' needs an argument in parentheses, e.g. \\Phi(c)");
            }
            String n = GREEK.getOrDefault(name, name);
            if (n.equals("ncdf") || n.equals("npdf") || FUNCTIONS.containsKey(n)) {
                throw new InvalidInputException("'" + shownName(n) + "' needs an argument in parentheses, e.g. Phi(c)");
            }
            return n;
        }

        private String number(IExpr x) {
            if (x.isInteger()) {
                return x.toString();
            }
            if (x.isFraction()) {
                return "(" + x + ")";
            }
            if (!x.isReal()) {
                throw new InvalidInputException("complex number '" + x + "' in the claim");
            }
            double v = x.toDoubleDefault(Double.NaN);
            if (placeholders) {
                Literal lit = Compiler.match(literals, v);
                shown.add(lit != null ? lit.text() : Double.toString(Math.abs(v)));
                return "(" + (v < 0 ? "-" : "") + "zlit" + (shown.size() - 1) + ")";
            }
            String d = Double.toString(v);
            int e = d.indexOf('E');
            return e < 0 ? "(" + d + ")" : "(" + d.substring(0, e) + "*10^(" + d.substring(e + 1) + "))";
        }
    }

    /** Symja's evaluated tree → {@link CompiledForm}. */
    private static final class Compiler {
        private final List<Literal> literals;
        private List<String> variables;
        private int slots;

        Compiler(List<Literal> literals) {
            this.literals = literals;
        }

        static Literal match(List<Literal> literals, double v) {
            for (Literal l : literals) {
                if (Math.abs(Math.abs(v) - l.value()) <= 1e-12 * l.value()) {
                    return l;
                }
            }
            return null;
        }

        Set<String> symbols(IExpr x) {
            Set<String> out = new TreeSet<>();
            collect(x, out);
            return out;
        }

        private void collect(IExpr x, Set<String> out) {
            if (x.isSymbol()) {
                String n = ((ISymbol) x).getSymbolName();
                if (!isConstant(x)) {
                    out.add(n);
                }
            } else if (x.isAST()) {
                IAST ast = (IAST) x;
                for (int i = 1; i <= ast.argSize(); i++) {
                    collect(ast.get(i), out);
                }
            }
        }

        /** π and e (Symja's built-in Pi and E, whose names the relaxed mode prints in lower case). */
        private static boolean isConstant(IExpr x) {
            String n = ((ISymbol) x).getSymbolName();
            return x.isBuiltInSymbol() && (n.equalsIgnoreCase("pi") || n.equalsIgnoreCase("e"));
        }

        CompiledForm compile(IExpr x, List<String> vars) {
            this.variables = vars;
            CompiledForm.Node root = node(x);
            return new CompiledForm(root, vars, slots);
        }

        private CompiledForm.Node node(IExpr x) {
            if (x.isNumber()) {
                if (!x.isReal()) {
                    throw new InvalidInputException("complex number '" + x + "' in the claim");
                }
                double v = x.toDoubleDefault(Double.NaN);
                Literal lit = x.isInteger() ? null : match(literals, v);
                return lit == null ? new CompiledForm.Const(v, 0, -1) : new CompiledForm.Const(v, lit.half(), slots++);
            }
            if (x.isSymbol()) {
                String n = ((ISymbol) x).getSymbolName();
                if (isConstant(x)) {
                    return new CompiledForm.Const(n.equalsIgnoreCase("pi") ? Math.PI : Math.E, 0, -1);
                }
                return new CompiledForm.Var(variables.indexOf(n));
            }
            IAST ast = (IAST) x;
            String head = ast.head().isSymbol() ? ((ISymbol) ast.head()).getSymbolName().toLowerCase(Locale.ROOT) : "?";
            CompiledForm.Node[] args = new CompiledForm.Node[ast.argSize()];
            for (int i = 1; i <= ast.argSize(); i++) {
                args[i - 1] = node(ast.get(i));
            }
            switch (head) {
                case "plus":
                    return new CompiledForm.Sum(args);
                case "times":
                    return new CompiledForm.Product(args);
                case "power":
                    return new CompiledForm.Pow(args[0], args[1]);
                case "sec":
                    return new CompiledForm.Pow(apply(CompiledForm.Fn.COS, args), new CompiledForm.Const(-1, 0, -1));
                case "csc":
                    return new CompiledForm.Pow(apply(CompiledForm.Fn.SIN, args), new CompiledForm.Const(-1, 0, -1));
                case "cot":
                    return new CompiledForm.Pow(apply(CompiledForm.Fn.TAN, args), new CompiledForm.Const(-1, 0, -1));
                case "sech":
                    return new CompiledForm.Pow(apply(CompiledForm.Fn.COSH, args), new CompiledForm.Const(-1, 0, -1));
                default:
                    break;
            }
            CompiledForm.Fn fn = switch (head) {
                case "log" -> CompiledForm.Fn.LOG;
                case "exp" -> CompiledForm.Fn.EXP;
                case "sin" -> CompiledForm.Fn.SIN;
                case "cos" -> CompiledForm.Fn.COS;
                case "tan" -> CompiledForm.Fn.TAN;
                case "arcsin" -> CompiledForm.Fn.ARCSIN;
                case "arccos" -> CompiledForm.Fn.ARCCOS;
                case "arctan" -> CompiledForm.Fn.ARCTAN;
                case "sinh" -> CompiledForm.Fn.SINH;
                case "cosh" -> CompiledForm.Fn.COSH;
                case "tanh" -> CompiledForm.Fn.TANH;
                case "erf" -> CompiledForm.Fn.ERF;
                case "erfc" -> CompiledForm.Fn.ERFC;
                case "abs" -> CompiledForm.Fn.ABS;
                case "max" -> CompiledForm.Fn.MAX;
                case "min" -> CompiledForm.Fn.MIN;
                case "ncdf" -> CompiledForm.Fn.NCDF;
                case "npdf" -> CompiledForm.Fn.NPDF;
                default -> null;
            };
            int arity = fn == CompiledForm.Fn.MAX || fn == CompiledForm.Fn.MIN ? 2 : 1;
            if (fn == null || args.length != arity) {
                throw new InvalidInputException("cannot evaluate '" + x + "' numerically");
            }
            return new CompiledForm.Apply(fn, args);
        }

        private static CompiledForm.Node apply(CompiledForm.Fn fn, CompiledForm.Node[] args) {
            if (args.length != 1) {
                throw new InvalidInputException(fn + " takes one argument");
            }
            return new CompiledForm.Apply(fn, args);
        }
    }
}
