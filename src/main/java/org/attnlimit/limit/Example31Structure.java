package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.attnlimit.calculus.Activation;
import org.attnlimit.program.Expr;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Scaling;
import org.attnlimit.program.Statement;

/**
 * Recognises Example 3.1 in a program: an output {@code y = c Σ_{a=1}^H attend(p^a_{q·}; u^a_·)} whose
 * heads read {@code p^a_{qj} = n^{-1/2}⟨W^{Q,a} x_q, W^{K,a} x_j⟩} and {@code u^a_j = W^{O,a} W^{V,a} x_j}
 * (or {@code W^{V,a} x_j}) on the same tokens {@code x_1..x_s}, with {@code 4H} distinct matrices of
 * the same variances in every head. The Gram matrix {@code K_{jl} = E[Z^{x_j} Z^{x_l}]} comes from the
 * program's limit (Definition 3.1 (A)); the query token is put first (the law does not depend on the
 * order of the tokens), and {@code c√H ≠ 1} is folded into {@code σ_O}.
 *
 * <p>The structure is then confirmed against the program's own limit: the covariances of the values
 * and of the scores (Definition 3.1) must be those of the setup, {@code Cov(Z^{u^a_j}, Z^{u^b_l}) =
 * δ_{ab} σ_O²σ_V² K_{jl}} and {@code Cov(p̊^a_{qj}, p̊^b_{ql}) = δ_{ab} σ_Q²σ_K² K_{qq} K_{jl}}, to
 * {@code 1e-12} relative: a program that only looks like Example 3.1 is not taken for it.
 */
final class Example31Structure {
    /** Relative agreement of the program's covariances with the setup's (rounding of the calculus). */
    private static final double AGREEMENT = 1e-12;

    private record Head(String query, List<String> scores, List<String> values, List<String> tokens,
            String wq, String wk, String wv, String wo) {
    }

    private final Program program;

    private Example31Structure(Program program) {
        this.program = program;
    }

    static Optional<AttentionSetup> recognise(Program program, String output) {
        if (program == null || output == null || program.beyondTheorem()) {
            return Optional.empty();
        }
        return new Example31Structure(program).setup(output.strip());
    }

    private Optional<AttentionSetup> setup(String output) {
        if (!(program.definition(output).orElse(null) instanceof Statement.Nonlin y)) {
            return Optional.empty();
        }
        List<double[]> coefs = new ArrayList<>();
        List<Expr.Attend> attends = new ArrayList<>();
        if (!terms(y.expr(), 1, coefs, attends, 0) || attends.isEmpty()) {
            return Optional.empty();
        }
        double c = coefs.get(0)[0];
        for (double[] k : coefs) {
            if (k[0] != c) {
                return Optional.empty();
            }
        }
        List<Head> heads = new ArrayList<>();
        for (Expr.Attend at : attends) {
            Head h = head(at);
            if (h == null) {
                return Optional.empty();
            }
            heads.add(h);
        }
        Head first = heads.get(0);
        Set<String> matrices = new HashSet<>();
        for (Head h : heads) {
            if (!h.tokens().equals(first.tokens()) || !h.query().equals(first.query())) {
                return Optional.empty();
            }
            matrices.addAll(List.of(h.wq(), h.wk(), h.wv()));
            if (h.wo() != null) {
                matrices.add(h.wo());
            }
            if ((h.wo() == null) != (first.wo() == null) || variance(h.wq()) != variance(first.wq())
                    || variance(h.wk()) != variance(first.wk()) || variance(h.wv()) != variance(first.wv())
                    || (h.wo() != null && variance(h.wo()) != variance(first.wo()))) {
                return Optional.empty();
            }
        }
        if (matrices.size() != heads.size() * (first.wo() == null ? 3 : 4)) {
            return Optional.empty();
        }
        // Tokens with the query's first.
        List<String> tokens = new ArrayList<>(first.tokens());
        int q = tokens.indexOf(first.query());
        if (q < 0) {
            return Optional.empty();
        }
        int[] order = new int[tokens.size()];
        order[0] = q;
        for (int j = 0, at = 1; j < tokens.size(); j++) {
            if (j != q) {
                order[at++] = j;
            }
        }
        ProgramLimit limit = ProgramLimit.of(program);
        int s = tokens.size();
        double[][] k = new double[s][s];
        for (int j = 0; j < s; j++) {
            for (int l = 0; l <= j; l++) {
                k[j][l] = limit.secondMoment(tokens.get(order[j]), tokens.get(order[l]));
                k[l][j] = k[j][l];
            }
        }
        int hCount = heads.size();
        double kappa = Math.abs(c) * Math.sqrt(hCount);
        double sigmaO = first.wo() == null ? 1 : Math.sqrt(variance(first.wo()));
        if (Math.abs(kappa - 1) > 4 * Math.ulp(1.0)) {
            sigmaO *= kappa;
        }
        AttentionSetup setup;
        try {
            setup = new AttentionSetup(activation(tokens), s, hCount, Math.sqrt(variance(first.wq())),
                    Math.sqrt(variance(first.wk())), Math.sqrt(variance(first.wv())), sigmaO, k);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        double valueScale = (first.wo() == null ? 1 : variance(first.wo())) * variance(first.wv());
        return confirmed(setup, heads, order, limit, valueScale) ? Optional.of(setup) : Optional.empty();
    }

    /** The program's value and score covariances against the setup's (class javadoc); {@code wo = σ_O²σ_V²} of its u. */
    private static boolean confirmed(AttentionSetup setup, List<Head> heads, int[] order, ProgramLimit limit,
            double wo) {
        double score = setup.scoreScale() * setup.gram(0, 0);
        double top = 0;
        int s = setup.tokens();
        for (int j = 0; j < s; j++) {
            for (int l = 0; l < s; l++) {
                top = Math.max(top, Math.abs(setup.gram(j, l)));
            }
        }
        for (int a = 0; a < heads.size(); a++) {
            for (int b = 0; b < heads.size(); b++) {
                for (int j = 0; j < s; j++) {
                    for (int l = 0; l < s; l++) {
                        double kjl = a == b ? setup.gram(j, l) : 0;
                        double cu = limit.covariance(heads.get(a).values().get(order[j]), heads.get(b).values().get(order[l]));
                        double cp = limit.covariance(heads.get(a).scores().get(order[j]), heads.get(b).scores().get(order[l]));
                        if (Math.abs(cu - wo * kjl) > AGREEMENT * wo * top
                                || Math.abs(cp - score * kjl) > AGREEMENT * Math.abs(score) * top) {
                            return false;
                        }
                    }
                }
            }
        }
        return true;
    }

    /** Collects {@code y = Σ coef·attend(…)} through constant factors, sums and named Nonlins. */
    private boolean terms(Expr e, double coef, List<double[]> coefs, List<Expr.Attend> out, int depth) {
        if (depth > 64) {
            return false;
        }
        if (e instanceof Expr.Attend at) {
            coefs.add(new double[] {coef});
            out.add(at);
            return true;
        }
        if (e instanceof Expr.Sum sum) {
            return sum.terms().stream().allMatch(t -> terms(t, coef, coefs, out, depth + 1));
        }
        if (e instanceof Expr.Prod p && p.factors().size() == 2) {
            Expr a = p.factors().get(0);
            Expr b = p.factors().get(1);
            if (a instanceof Expr.Const k) {
                return terms(b, coef * k.value(), coefs, out, depth + 1);
            }
            if (b instanceof Expr.Const k) {
                return terms(a, coef * k.value(), coefs, out, depth + 1);
            }
            return false;
        }
        if (e instanceof Expr.Ref r && program.definition(r.name()).orElse(null) instanceof Statement.Nonlin n) {
            return terms(n.expr(), coef, coefs, out, depth + 1);
        }
        return false;
    }

    /** One head, or null when {@code at} is not {@code attend(n^{-1/2}⟨W^Q x_q, W^K x_j⟩; W^O W^V x_j)}. */
    private Head head(Expr.Attend at) {
        int s = at.logits().size();
        if (at.values().size() != s) {
            return null;
        }
        String query = null;
        String wq = null;
        String wk = null;
        String wv = null;
        String wo = null;
        boolean direct = false;
        List<String> scores = new ArrayList<>();
        List<String> values = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (int j = 0; j < s; j++) {
            String p = name(at.logits().get(j));
            String u = name(at.values().get(j));
            if (p == null || u == null
                    || !(program.definition(p).orElse(null) instanceof Statement.Score sc) || sc.scaling() != Scaling.SQRT
                    || !(program.definition(sc.query()).orElse(null) instanceof Statement.MatMul qm)
                    || !(program.definition(sc.key()).orElse(null) instanceof Statement.MatMul km)
                    || !(program.definition(u).orElse(null) instanceof Statement.MatMul um)) {
                return null;
            }
            if (j == 0) {
                query = qm.in();
                wq = qm.matrix();
                wk = km.matrix();
                direct = um.in().equals(km.in());
            } else if (!qm.in().equals(query) || !qm.matrix().equals(wq) || !km.matrix().equals(wk)) {
                return null;
            }
            String token = km.in();
            String w2;
            if (direct) {
                if (!um.in().equals(token)) {
                    return null;
                }
                w2 = um.matrix();
                if (j == 0) {
                    wv = w2;
                } else if (!w2.equals(wv)) {
                    return null;
                }
            } else {
                if (!(program.definition(um.in()).orElse(null) instanceof Statement.MatMul vm) || !vm.in().equals(token)) {
                    return null;
                }
                if (j == 0) {
                    wo = um.matrix();
                    wv = vm.matrix();
                } else if (!um.matrix().equals(wo) || !vm.matrix().equals(wv)) {
                    return null;
                }
            }
            if (tokens.contains(token)) {
                return null;
            }
            scores.add(p);
            values.add(u);
            tokens.add(token);
        }
        if (new HashSet<>(direct ? List.of(wq, wk, wv) : List.of(wq, wk, wv, wo)).size() != (direct ? 3 : 4)) {
            return null;
        }
        return new Head(query, scores, values, tokens, wq, wk, wv, wo);
    }

    private static String name(Expr e) {
        if (e instanceof Expr.Ref r) {
            return r.name();
        }
        return e instanceof Expr.ScoreRef r ? r.name() : null;
    }

    private double variance(String matrix) {
        return ((Statement.Matrix) program.require(matrix)).variance();
    }

    /** φ when every token is {@code φ(g)} with the same catalogue φ, else the identity (Gaussian tokens). */
    private Activation activation(List<String> tokens) {
        Activation phi = null;
        for (String x : tokens) {
            if (!(program.definition(x).orElse(null) instanceof Statement.Nonlin n) || !(n.expr() instanceof Expr.Apply a)
                    || (phi != null && !phi.equals(a.phi()))) {
                return Activation.identity();
            }
            phi = a.phi();
        }
        return phi;
    }
}
