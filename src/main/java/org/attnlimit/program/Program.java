package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attnlimit.calculus.Activation;

/**
 * A validated Netsor program with attention scores (Definition 3.1): initial vectors, weight matrices,
 * MatMul and Nonlin statements, and scores {@code p = n^{−1/2}⟨g¹, g²⟩}. One description feeds the limit
 * calculus ({@link ProgramLimit}) and the finite-width simulator ({@code finite.ProgramSimulator}).
 *
 * <p>Built from the {@code .netsor} text ({@link #parse}, {@link #read}) or with {@link #builder()}; both
 * run the same validation, which rejects undefined, duplicate and misplaced names, arity errors and
 * violations of Assumption 3.1 (a) and (b) with an {@link IllegalArgumentException} naming the line
 * (the statement number for the builder) and the rule. Immutable.
 */
public final class Program {
    /**
     * What the validation allows beyond the paper.
     *
     * @param allowBeyondTheorem allow a score-dependent vector to feed a MatMul (and so a score): outside
     *     Theorem 3.1 (a second attention layer), meaningful for finite-width simulation only; the limit
     *     engines refuse such a program
     */
    public record Options(boolean allowBeyondTheorem) {
        /** @return the default: Theorem 3.1's rule is enforced */
        public static Options standard() {
            return new Options(false);
        }

        /** @return options that accept programs beyond Theorem 3.1 (finite-width simulation only) */
        public static Options beyondTheorem() {
            return new Options(true);
        }
    }

    private final List<Statement> statements;
    private final List<String> warnings;
    private final Map<String, Statement> definitions = new LinkedHashMap<>();
    private final Options options;
    private final ProgramValidator.Dependence dependence;
    private final Map<String, NonlinFunction> functions = new java.util.concurrent.ConcurrentHashMap<>();

    private Program(List<Statement> statements, Options options) {
        this.options = options == null ? Options.standard() : options;
        this.statements = resolveScores(statements);
        ProgramValidator.Report report = ProgramValidator.validate(this.statements, this.options);
        this.warnings = report.warnings();
        this.dependence = report.dependence();
        for (Statement s : this.statements) {
            for (String n : ProgramValidator.defined(s)) {
                definitions.put(n, s);
            }
        }
    }

    /** Rewrites each name of a score inside a Nonlin as {@link Expr.ScoreRef} (parser and builder write {@link Expr.Ref}). */
    private static List<Statement> resolveScores(List<Statement> statements) {
        java.util.Set<String> scores = new java.util.HashSet<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Score sc) {
                scores.add(sc.out());
            }
        }
        List<Statement> out = new ArrayList<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Nonlin n && !scores.isEmpty()) {
                out.add(new Statement.Nonlin(n.out(), resolve(n.expr(), scores), n.line()));
            } else {
                out.add(s);
            }
        }
        return List.copyOf(out);
    }

    private static Expr resolve(Expr e, java.util.Set<String> scores) {
        if (e instanceof Expr.Ref r) {
            return scores.contains(r.name()) ? new Expr.ScoreRef(r.name()) : r;
        } else if (e instanceof Expr.Apply a) {
            return new Expr.Apply(a.phi(), resolve(a.arg(), scores));
        } else if (e instanceof Expr.Prod p) {
            return new Expr.Prod(p.factors().stream().map(f -> resolve(f, scores)).toList());
        } else if (e instanceof Expr.Sum s) {
            return new Expr.Sum(s.terms().stream().map(f -> resolve(f, scores)).toList());
        } else if (e instanceof Expr.Attend a) {
            return new Expr.Attend(a.logits().stream().map(f -> resolve(f, scores)).toList(),
                    a.values().stream().map(f -> resolve(f, scores)).toList());
        } else if (e instanceof Expr.Softmax s) {
            return new Expr.Softmax(s.index(), s.logits().stream().map(f -> resolve(f, scores)).toList());
        } else if (e instanceof Expr.Norm n) {
            return new Expr.Norm(n.kind(), resolve(n.arg(), scores));
        }
        return e;
    }

    /** Validates statements (for rewrites inside the package, e.g. {@link ProgramLimit#normalised()}). */
    static Program of(List<Statement> statements, Options options) {
        return new Program(statements, options);
    }

    /** Parses and validates {@code .netsor} text (Theorem 3.1's rule enforced). */
    public static Program parse(String text) {
        return parse(text, Options.standard());
    }

    /** Parses and validates {@code .netsor} text with the given options. */
    public static Program parse(String text, Options options) {
        ProgramParser.Parsed parsed = ProgramParser.parseAll(text);
        // a 'beyond theorem' line in the file has the effect of the option
        return new Program(parsed.statements(), parsed.beyondTheorem() ? Options.beyondTheorem() : options);
    }

    /** Reads, parses and validates a {@code .netsor} file; a missing file is bad input too. */
    public static Program read(Path file) {
        return read(file, Options.standard());
    }

    /** Reads, parses and validates a {@code .netsor} file with the given options. */
    public static Program read(Path file, Options options) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidInputException("cannot read program file " + file + ": it is not UTF-8 text"
                    + " (a .netsor program is plain text)");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InvalidInputException("cannot read program file " + file + ": no such file");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new InvalidInputException("cannot read program file " + file + ": permission denied");
        } catch (IOException e) {
            String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                    : e.getMessage();
            throw new InvalidInputException("cannot read program file " + file + ": " + why);
        }
        return parse(text, options);
    }

    /**
     * @return the LaTeX (math mode, no dollars) of vector {@code name} as the covariance table writes it:
     *     {@code y1} → {@code y_{1}}, {@code o1_2} → {@code o^{(1)}_{2}}, multi-letter stems in {@code \mathrm}
     */
    public static String latexName(String name) {
        return ProgramTable.tex(name);
    }

    /** @return a builder; its statement numbers play the role of line numbers in errors */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the options the program was validated with */
    public Options options() {
        return options;
    }

    /**
     * @return the vectors whose coordinates depend on the scores (Theorem 3.1's {@code h = ψ(g; p)}), in
     *     program order: Nonlins that read a score or such a vector (and, beyond the theorem, MatMuls of them)
     */
    public List<String> scoreDependent() {
        return dependence.vectors();
    }

    /** @return whether {@code vector} depends on the scores */
    public boolean isScoreDependent(String vector) {
        return dependence.vectors().contains(vector);
    }

    /** @return the scores that {@code vector} depends on, directly or through other vectors, in program order */
    public List<String> scoresOf(String vector) {
        require(vector);
        return dependence.scoresOf(vector);
    }

    /**
     * @return whether the program goes beyond Theorem 3.1 (a score-dependent vector feeds a MatMul or a
     *     score); possible only with {@link Options#beyondTheorem()}
     */
    public boolean beyondTheorem() {
        return !dependence.beyond().isEmpty();
    }

    /**
     * @param vector a vector of the program
     * @return the first moment operation ({@code rmsnorm}, {@code layernorm}) of a score-dependent vector that
     *     {@code vector} depends on (itself included), as {@code line N: r = rmsnorm(y)}: its limit divides by the
     *     random {@code E[(Z^y)² | p̊]} (nested conditioning), which Theorem 3.1's law does not cover
     */
    public Optional<String> scoreDependentNorm(String vector) {
        require(vector);
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(List.of(vector));
        String found = null;
        int foundLine = Integer.MAX_VALUE;
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (!seen.add(v)) {
                continue;
            }
            Statement d = definitions.get(v);
            if (d instanceof Statement.Nonlin n) {
                if (n.expr() instanceof Expr.Norm nm && isScoreDependent(((Expr.Ref) nm.arg()).name()) && n.line() < foundLine) {
                    found = "line " + n.line() + ": " + n.out() + " = " + nm;
                    foundLine = n.line();
                }
                todo.addAll(n.expr().vectors());
            } else if (d instanceof Statement.MatMul mm) {
                todo.add(mm.in());
            }
        }
        return Optional.ofNullable(found);
    }

    /** @return one line per statement that goes beyond Theorem 3.1, each starting {@code line N: } */
    public List<String> beyondTheoremReasons() {
        return dependence.beyond();
    }

    /**
     * @return the compiled evaluator of the Nonlin that defines {@code vector} (cached)
     * @throws IllegalArgumentException if {@code vector} is not a Nonlin output
     */
    public NonlinFunction function(String vector) {
        if (!(require(vector) instanceof Statement.Nonlin n)) {
            throw new InvalidInputException("'" + vector + "' is not a Nonlin output");
        }
        return functions.computeIfAbsent(vector, k -> NonlinFunction.of(n.expr()));
    }

    /** @return the statements in program order */
    public List<Statement> statements() {
        return statements;
    }

    /** @return warnings (unbounded score inputs), each starting {@code line N: warning:} */
    public List<String> warnings() {
        return warnings;
    }

    /** @return the score names in program order */
    public List<String> scores() {
        return namesOf(Statement.Score.class);
    }

    /** @return every vector (initial, MatMul, Nonlin) in program order */
    public List<String> vectors() {
        List<String> out = new ArrayList<>();
        for (Statement s : statements) {
            if (s instanceof Statement.Input || s instanceof Statement.MatMul || s instanceof Statement.Nonlin) {
                out.addAll(ProgramValidator.defined(s));
            }
        }
        return out;
    }

    /** @return the matrix names in program order */
    public List<String> matrices() {
        return namesOf(Statement.Matrix.class);
    }

    /** @return the statement defining {@code name}, if any */
    public Optional<Statement> definition(String name) {
        return Optional.ofNullable(definitions.get(name));
    }

    /** @return the defining statement, or an IllegalArgumentException naming the unknown name */
    public Statement require(String name) {
        Statement s = definitions.get(name);
        if (s == null) {
            throw new InvalidInputException("no vector or score named '" + name + "' in the program");
        }
        return s;
    }

    private List<String> namesOf(Class<? extends Statement> type) {
        List<String> out = new ArrayList<>();
        for (Statement s : statements) {
            if (type.isInstance(s)) {
                out.addAll(ProgramValidator.defined(s));
            }
        }
        return out;
    }

    /** @return the program as {@code .netsor} text (parsing it gives an equal program) */
    public String toText() {
        StringBuilder b = new StringBuilder();
        if (options.allowBeyondTheorem()) {
            b.append("beyond theorem\n");
        }
        for (Statement s : statements) {
            if (s instanceof Statement.Input in) {
                b.append("input ").append(String.join(" ", in.names())).append(" ~ N(")
                        .append(list(in.mean())).append(", [");
                double[][] c = in.cov();
                for (int i = 0; i < c.length; i++) {
                    b.append(i == 0 ? "" : ", ").append(list(c[i]));
                }
                b.append("])");
            } else if (s instanceof Statement.Matrix m) {
                b.append("matrix ").append(m.name()).append(" var=").append(Activation.formatNumber(m.variance()));
            } else if (s instanceof Statement.MatMul m) {
                b.append(m.out()).append(" = ").append(m.matrix()).append(' ').append(m.in());
            } else if (s instanceof Statement.Nonlin n) {
                b.append(n.out()).append(" = ").append(n.expr());
            } else if (s instanceof Statement.Score sc) {
                b.append(sc.out()).append(" = ").append(sc.scaling().keyword())
                        .append('(').append(sc.query()).append(", ").append(sc.key()).append(')');
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static String list(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            b.append(i == 0 ? "" : ", ").append(Activation.formatNumber(v[i]));
        }
        return b.append(']').toString();
    }

    @Override
    public String toString() {
        return toText();
    }

    /** Builds a program statement by statement; {@link #build()} validates as the parser does. */
    public static final class Builder {
        private final List<Statement> statements = new ArrayList<>();

        private Builder() {
        }

        private int next() {
            return statements.size() + 1;
        }

        /** Declares one initial vector with coordinates iid {@code N(mean, variance)}. */
        public Builder input(String name, double mean, double variance) {
            return inputs(List.of(name), new double[] {mean}, new double[][] {{variance}});
        }

        /** Declares initial vectors whose coordinate tuples are iid {@code N(mean, cov)}. */
        public Builder inputs(List<String> names, double[] mean, double[][] cov) {
            if (mean.length != names.size() || cov.length != names.size()
                    || Arrays.stream(cov).anyMatch(r -> r.length != names.size())) {
                throw new InvalidInputException("statement " + next() + ": mean and covariance must match "
                        + names.size() + " input vector(s)");
            }
            statements.add(new Statement.Input(names, mean, cov, next()));
            return this;
        }

        /** Declares a matrix with iid {@code N(0, variance/n)} entries. */
        public Builder matrix(String name, double variance) {
            statements.add(new Statement.Matrix(name, variance, next()));
            return this;
        }

        /** MatMul {@code out = matrix · in}. */
        public Builder matMul(String out, String matrix, String in) {
            statements.add(new Statement.MatMul(out, matrix, in, next()));
            return this;
        }

        /** Nonlin {@code out = phi(arg)}. */
        public Builder nonlin(String out, Activation phi, String arg) {
            return nonlin(out, new Expr.Apply(phi, new Expr.Ref(arg)));
        }

        /** Nonlin {@code out = expr}. */
        public Builder nonlin(String out, Expr expr) {
            statements.add(new Statement.Nonlin(out, expr, next()));
            return this;
        }

        /** Nonlin {@code out = a·b·…}. */
        public Builder prod(String out, String... factors) {
            return nonlin(out, new Expr.Prod(Arrays.stream(factors).map(f -> (Expr) new Expr.Ref(f)).toList()));
        }

        /** Nonlin {@code out = a + b + …}. */
        public Builder sum(String out, String... terms) {
            return nonlin(out, new Expr.Sum(Arrays.stream(terms).map(f -> (Expr) new Expr.Ref(f)).toList()));
        }

        /** Score {@code out = n^{−1/2}⟨query, key⟩}. */
        public Builder score(String out, String query, String key) {
            return score(out, query, key, Scaling.SQRT);
        }

        /** Score with the given scaling. */
        public Builder score(String out, String query, String key, Scaling scaling) {
            statements.add(new Statement.Score(out, query, key, scaling, next()));
            return this;
        }

        /** Nonlin {@code out = attend(logits; values)}: {@code Σ_j softmax_j(logits)·values_j} (names of scores and vectors). */
        public Builder attend(String out, List<String> logits, List<String> values) {
            return nonlin(out, new Expr.Attend(logits.stream().map(n -> (Expr) new Expr.Ref(n)).toList(),
                    values.stream().map(n -> (Expr) new Expr.Ref(n)).toList()));
        }

        /** @return the validated program (Theorem 3.1's rule enforced) */
        public Program build() {
            return build(Options.standard());
        }

        /** @return the program validated with {@code options} */
        public Program build(Options options) {
            if (statements.isEmpty()) {
                throw new InvalidInputException("the program is empty (no statements)");
            }
            return new Program(statements, options);
        }
    }
}
