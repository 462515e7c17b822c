package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;

/**
 * Checks a statement list: names (defined once, before use, of the right kind), arities, the law of
 * the initial vectors, and Assumption 3.1 (a) and (b). Returns the warnings (unbounded score inputs).
 * Every error is an {@link IllegalArgumentException} starting {@code line N: } and naming the rule.
 */
final class ProgramValidator {

    /** What a name denotes. */
    enum Kind { INPUT, MATMUL, NONLIN, MATRIX, SCORE }

    private final Map<String, Kind> kinds = new HashMap<>();
    private final Map<String, Integer> lines = new HashMap<>();
    private final Map<String, Integer> laterDefinitions = new HashMap<>();
    private final Map<String, Statement> definitions = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private ProgramValidator(List<Statement> statements) {
        for (Statement s : statements) {
            for (String n : defined(s)) {
                laterDefinitions.putIfAbsent(n, s.line());
            }
        }
    }

    /**
     * Which vectors depend on the scores (Theorem 3.1), on which scores, and which statements go beyond
     * the theorem.
     */
    record Dependence(List<String> vectors, Map<String, List<String>> scores, List<String> beyond) {
        List<String> scoresOf(String vector) {
            return scores.getOrDefault(vector, List.of());
        }
    }

    /** The outcome of a validation. */
    record Report(List<String> warnings, Dependence dependence) {
    }

    /** Validates; returns the warnings and the score dependence. */
    static Report validate(List<Statement> statements, Program.Options options) {
        ProgramValidator v = new ProgramValidator(statements);
        for (Statement s : statements) {
            v.check(s);
        }
        Dependence d = v.dependence(statements, options);
        v.assumption31a(statements);
        v.boundedness(statements);
        return new Report(List.copyOf(v.warnings), d);
    }

    /**
     * Theorem 3.1's rule: a vector {@code h = ψ(g; p)} that depends on the scores may be combined by
     * Nonlins, but feeding it to a MatMul (and so to a score) is beyond the theorem.
     */
    private Dependence dependence(List<Statement> statements, Program.Options options) {
        Map<String, Set<String>> deps = new java.util.LinkedHashMap<>();
        List<String> beyond = new ArrayList<>();
        List<String> scoreOrder = new ArrayList<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Score sc) {
                scoreOrder.add(sc.out());
                for (String g : List.of(sc.query(), sc.key())) {
                    if (deps.containsKey(g)) {
                        beyond.add("line " + s.line() + ": score " + sc.out() + " reads " + g
                                + ", which depends on the scores (beyond Theorem 3.1)");
                    }
                }
            } else if (s instanceof Statement.Nonlin n) {
                Set<String> d = new LinkedHashSet<>();
                n.expr().collectScores(d);
                for (String a : n.expr().vectors()) {
                    d.addAll(deps.getOrDefault(a, Set.of()));
                }
                if (!d.isEmpty()) {
                    deps.put(n.out(), d);
                }
            } else if (s instanceof Statement.MatMul m && deps.containsKey(m.in())) {
                String message = "Theorem 3.1: '" + m.in() + "' depends on the scores (" + String.join(", ",
                        first(deps.get(m.in()), 3)) + ") and may be combined by Nonlins only, but MatMul '" + m.out()
                        + " = " + m.matrix() + " " + m.in() + "' feeds it to a matrix: beyond the theorem"
                        + " (a second attention layer is an open problem)";
                if (!options.allowBeyondTheorem()) {
                    throw new BeyondTheoremException("line " + s.line() + ": " + message);
                }
                beyond.add("line " + s.line() + ": " + message);
                deps.put(m.out(), deps.get(m.in()));
            }
        }
        Map<String, List<String>> ordered = new HashMap<>();
        for (Map.Entry<String, Set<String>> e : deps.entrySet()) {
            ordered.put(e.getKey(), scoreOrder.stream().filter(e.getValue()::contains).toList());
        }
        return new Dependence(List.copyOf(deps.keySet()), Map.copyOf(ordered), List.copyOf(beyond));
    }

    private static List<String> first(Set<String> names, int k) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (out.size() == k) {
                out.add("…");
                break;
            }
            out.add(n);
        }
        return out;
    }

    static List<String> defined(Statement s) {
        if (s instanceof Statement.Input in) {
            return in.names();
        } else if (s instanceof Statement.Matrix m) {
            return List.of(m.name());
        } else if (s instanceof Statement.MatMul m) {
            return List.of(m.out());
        } else if (s instanceof Statement.Nonlin n) {
            return List.of(n.out());
        }
        return List.of(((Statement.Score) s).out());
    }

    private static IllegalArgumentException error(Statement s, String message) {
        return new InvalidInputException("line " + s.line() + ": " + message);
    }

    private void check(Statement s) {
        if (s instanceof Statement.Input in) {
            checkLaw(in);
            in.names().forEach(n -> define(s, n, Kind.INPUT));
        } else if (s instanceof Statement.Matrix m) {
            if (!(m.variance() > 0) || Double.isInfinite(m.variance())) {
                throw error(s, "matrix " + m.name() + " needs a variance > 0, got " + m.variance());
            }
            define(s, m.name(), Kind.MATRIX);
        } else if (s instanceof Statement.MatMul m) {
            require(s, m.matrix(), Set.of(Kind.MATRIX), "MatMul '" + m.out() + " = " + m.matrix() + " " + m.in()
                    + "' needs a matrix first");
            require(s, m.in(), Set.of(Kind.INPUT, Kind.MATMUL, Kind.NONLIN), "MatMul multiplies a vector");
            define(s, m.out(), Kind.MATMUL);
        } else if (s instanceof Statement.Nonlin n) {
            Set<String> args = new LinkedHashSet<>();
            n.expr().collectNames(args);
            for (String a : args) {
                require(s, a, Set.of(Kind.INPUT, Kind.MATMUL, Kind.NONLIN), "Nonlin arguments are vectors or scores");
            }
            for (String p : n.expr().scores()) {
                require(s, p, Set.of(Kind.SCORE), "expected a score");
            }
            checkNorms(s, n.expr(), true);
            define(s, n.out(), Kind.NONLIN);
        } else if (s instanceof Statement.Score sc) {
            String rule = "Definition 3.1 (B): score arguments must be MatMul outputs g = W x";
            require(s, sc.query(), Set.of(Kind.MATMUL), rule);
            require(s, sc.key(), Set.of(Kind.MATMUL), rule);
            String wq = ((Statement.MatMul) definitions.get(sc.query())).matrix();
            String wk = ((Statement.MatMul) definitions.get(sc.key())).matrix();
            if (wq.equals(wk)) {
                throw error(s, "Assumption 3.1 (b) violated: query and key of score " + sc.out()
                        + " both use matrix " + wq);
            }
            define(s, sc.out(), Kind.SCORE);
        }
    }

    /** A moment operation ({@link Expr.Norm}) is a whole statement of one vector name: {@code r = rmsnorm(y)}. */
    private static void checkNorms(Statement s, Expr e, boolean root) {
        if (e instanceof Expr.Norm nm) {
            if (!root) {
                throw error(s, nm.kind().keyword() + "(…) is a moment operation on a whole vector: write it as its own"
                        + " statement 'r = " + nm.kind().keyword() + "(y)', not part of an expression");
            }
            if (!(nm.arg() instanceof Expr.Ref)) {
                throw error(s, nm.kind().keyword() + " takes one vector name, got '" + nm.arg() + "'");
            }
        }
        for (Expr c : e.children()) {
            checkNorms(s, c, false);
        }
    }

    private void define(Statement s, String name, Kind kind) {
        if (kinds.containsKey(name)) {
            throw error(s, "duplicate name '" + name + "' (already defined on line " + lines.get(name) + ")");
        }
        kinds.put(name, kind);
        lines.put(name, s.line());
        definitions.put(name, s);
    }

    private void require(Statement s, String name, Set<Kind> allowed, String rule) {
        Kind k = kinds.get(name);
        if (k == null) {
            Integer later = laterDefinitions.get(name);
            if (later != null) {
                throw error(s, "'" + name + "' is used before its definition on line " + later);
            }
            throw error(s, "undefined name '" + name + "'");
        }
        if (!allowed.contains(k)) {
            throw error(s, "'" + name + "' is " + describe(k) + " (line " + lines.get(name) + "); " + rule);
        }
    }

    private static String describe(Kind k) {
        return switch (k) {
            case INPUT -> "an initial vector";
            case MATMUL -> "a MatMul output";
            case NONLIN -> "a Nonlin output";
            case MATRIX -> "a matrix";
            case SCORE -> "a score";
        };
    }

    private static void checkLaw(Statement.Input in) {
        double[][] c = in.cov();
        int k = c.length;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < i; j++) {
                if (c[i][j] != c[j][i]) {
                    throw error(in, "covariance of the inputs must be symmetric (entries " + (i + 1) + "," + (j + 1)
                            + " and " + (j + 1) + "," + (i + 1) + " differ)");
                }
            }
        }
        double scale = 0;
        for (int i = 0; i < k; i++) {
            scale = Math.max(scale, Math.abs(c[i][i]));
        }
        for (double e : new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(c)).getEigenvalues()) {
            if (e < -1e-12 * Math.max(scale, 1e-300)) {
                throw error(in, "covariance of the inputs must be positive semi-definite (eigenvalue " + e + ")");
            }
        }
    }

    /** Assumption 3.1 (a): a matrix that feeds a score feeds nothing but score vectors. */
    private void assumption31a(List<Statement> statements) {
        Map<String, Statement.Score> scoreOfMatrix = new HashMap<>();
        Set<String> scoreVectors = new LinkedHashSet<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Score sc) {
                for (String g : List.of(sc.query(), sc.key())) {
                    scoreVectors.add(g);
                    scoreOfMatrix.putIfAbsent(((Statement.MatMul) definitions.get(g)).matrix(), sc);
                }
            }
        }
        Map<String, Statement> firstUse = new HashMap<>();
        for (Statement s : statements) {
            Set<String> used = new LinkedHashSet<>();
            if (s instanceof Statement.MatMul m) {
                used.add(m.in());
            } else if (s instanceof Statement.Nonlin n) {
                n.expr().collectNames(used);
            }
            used.forEach(u -> firstUse.putIfAbsent(u, s));
        }
        for (Statement s : statements) {
            if (s instanceof Statement.MatMul m && scoreOfMatrix.containsKey(m.matrix())) {
                Statement.Score sc = scoreOfMatrix.get(m.matrix());
                if (!scoreVectors.contains(m.out())) {
                    throw error(s, "Assumption 3.1 (a) violated: matrix " + m.matrix() + " feeds score " + sc.out()
                            + " (line " + sc.line() + ") but is also used for non-score vector " + m.out());
                }
                Statement use = firstUse.get(m.out());
                if (use != null) {
                    throw error(use, "Assumption 3.1 (a) violated: score vector " + m.out() + " = " + m.matrix()
                            + " " + m.in() + " (line " + m.line() + ") is used for another vector; matrix "
                            + m.matrix() + " may feed score vectors only");
                }
            }
        }
    }

    /** Assumption 3.1 asks for bounded φ^{i,j} in the score inputs; warn (the paper's B.3.2 uses ReLU). */
    private void boundedness(List<Statement> statements) {
        Set<String> warned = new LinkedHashSet<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Score sc) {
                for (String g : List.of(sc.query(), sc.key())) {
                    Statement.MatMul m = (Statement.MatMul) definitions.get(g);
                    String x = m.in();
                    if (!bounded(x) && warned.add(x)) {
                        warnings.add("line " + s.line() + ": warning: score " + sc.out() + " reads " + g + " = "
                                + m.matrix() + " " + x
                                + ", and " + x + " is unbounded; Assumption 3.1 asks for bounded phi^{i,j}"
                                + " (the limit is still computed, as in the paper's Appendix B.3.2 with ReLU)");
                    }
                }
            }
        }
    }

    private boolean bounded(String name) {
        Statement s = definitions.get(name);
        return s instanceof Statement.Nonlin n && bounded(n.expr());
    }

    private boolean bounded(Expr e) {
        if (e instanceof Expr.Ref r) {
            return bounded(r.name());
        } else if (e instanceof Expr.Apply a) {
            // Catalogue activations are continuous, so a bounded argument gives a bounded value.
            return a.phi().isBounded() || bounded(a.arg());
        } else if (e instanceof Expr.Prod p) {
            return p.factors().stream().allMatch(this::bounded);
        } else if (e instanceof Expr.Sum sum) {
            return sum.terms().stream().allMatch(this::bounded);
        } else if (e instanceof Expr.Attend a) {
            return a.values().stream().allMatch(this::bounded);   // a convex combination of the values
        } else if (e instanceof Expr.Norm) {
            return false;   // Z^y / sqrt(E[(Z^y)²]) is unbounded whatever y is
        }
        // A constant, and a softmax weight in [0, 1], are bounded; a score, as a vector coordinate, is
        // bounded too (one number), though it is random.
        return true;
    }
}
