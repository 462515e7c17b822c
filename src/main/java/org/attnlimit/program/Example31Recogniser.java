package org.attnlimit.program;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleBiFunction;
import java.util.function.ToDoubleFunction;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.GaussianExpectations;

/**
 * The one recogniser of Example 3.1 — multi-head attention {@code y = c Σ_{a=1}^H attend(p^a_{q·}; u^a_·)}
 * with {@code p^a_{qj} = n^{-1/2}⟨W^{Q,a} x_q, W^{K,a} x_j⟩} and {@code u^a_j = W^{O,a} W^{V,a} x_j} — used by
 * every engine that has a fast path for it: {@code limit} (the setup of the fast law, and one head inside a
 * general program's law), {@code finite} (the reduced sampler of Appendix B's layer) and {@code verify}
 * (the suite's own attention case).
 *
 * <p>Two readings of the same structure:
 * <ul>
 *   <li>{@link #layer}: in a program's statements. The output is {@code c Σ_a attend(…)} through constant
 *       factors, sums and named Nonlins; each head reads scores of {@code SQRT} scaling
 *       {@code score(W^Q x_q, W^K x_j)} and values {@code W^O W^V x_j} (or {@code W^V x_j}) of the same
 *       tokens {@code x_1..x_s}, with {@code 4H} (or {@code 3H}) distinct matrices of the same variances in
 *       every head. The structure is then confirmed against the program's own limit (Definition 3.1):
 *       {@code Cov(Z^{u^a_j}, Z^{u^b_l}) = δ_{ab} σ_O²σ_V² K_{jl}} and
 *       {@code Cov(p̊^a_{qj}, p̊^b_{ql}) = δ_{ab} σ_Q²σ_K² K_{qq} K_{jl}}, {@code K_{jl} = E[Z^{x_j} Z^{x_l}]},
 *       to {@value #LAYER_AGREEMENT} relative: a program that only looks like Example 3.1 is not taken for
 *       it. The query token is put first (the law does not depend on the order of the tokens) and
 *       {@code c√H ≠ 1} is folded into {@code σ_O}. {@link #appendixB} and {@link #tokenScales} narrow
 *       the tokens further.</li>
 *   <li>{@link #head}: in an expression inlined down to G-vars and scores (one independent part of any
 *       program's output): {@code c·attend(κp_1..κp_s; U_1..U_s)} with centred G-var values and
 *       {@code Cov(p̊) = α Cov(U)} to {@value #HEAD_AGREEMENT} relative — given the scores
 *       {@code N(0, c² sᵀ Cov(U) s)}, one head of Example 3.1 whatever the statements that made it.</li>
 * </ul>
 */
public final class Example31Recogniser {
    /** Relative agreement of a program's covariances with the layer's (rounding of the calculus). */
    static final double LAYER_AGREEMENT = 1e-12;
    /** Relative agreement of {@code Cov(p̊)} with {@code α Cov(U)} for one inlined head. */
    static final double HEAD_AGREEMENT = 1e-13;

    /**
     * Example 3.1's layer as read from a program: the parameters of its limit (the record the limit's
     * setup is built from) and the names it was read from.
     *
     * @param phi the tokens' activation: {@code φ} when every token is {@code φ(g)} with the same catalogue
     *     φ, else the identity (the Gram matrix is what matters; φ is informative)
     * @param tokens {@code s}
     * @param heads {@code H}
     * @param sigmaQ σ_Q (square root of the matrix variance)
     * @param sigmaK σ_K
     * @param sigmaV σ_V
     * @param sigmaO σ_O, with {@code c√H} folded in
     * @param gram {@code K_{jl} = E[Z^{x_j} Z^{x_l}]}, query token first
     * @param tokenNames the tokens {@code x_j}, query first
     */
    public record Layer(Activation phi, int tokens, int heads, double sigmaQ, double sigmaK, double sigmaV,
            double sigmaO, double[][] gram, List<String> tokenNames) {
        /** Copies the matrix and the list. */
        public Layer {
            gram = Arrays.stream(gram).map(double[]::clone).toArray(double[][]::new);
            tokenNames = List.copyOf(tokenNames);
        }

        @Override
        public double[][] gram() {
            return Arrays.stream(gram).map(double[]::clone).toArray(double[][]::new);
        }
    }

    /**
     * One head of Example 3.1 in an inlined expression, {@code scale·attend(κp; U)}.
     *
     * @param scale the constant factor {@code c}
     * @param logitScale the common logit factor {@code κ}
     * @param scores the scores {@code p_1..p_s}
     * @param values the G-vars {@code U_1..U_s}
     * @param alpha {@code α} with {@code Cov(p̊) = α Cov(U)}
     * @param valueCovariance {@code Cov(U)}
     */
    public record Head(double scale, double logitScale, List<String> scores, List<String> values, double alpha,
            double[][] valueCovariance) {
    }

    private record HeadNames(String query, List<String> scores, List<String> values, List<String> tokens,
            String wq, String wk, String wv, String wo) {
    }

    private final Program program;

    private Example31Recogniser(Program program) {
        this.program = program;
    }

    // ============================================================ a layer in a program's statements

    /**
     * @param program a program (one beyond Theorem 3.1 is never Example 3.1)
     * @param output the output vector
     * @return the layer of {@code output}, or empty when the program does not have that structure
     */
    public static Optional<Layer> layer(Program program, String output) {
        if (program == null || output == null || program.beyondTheorem()) {
            return Optional.empty();
        }
        return new Example31Recogniser(program).read(output.strip());
    }

    /**
     * Appendix B.1's full-rank layer: {@link #layer} whose tokens are {@code x_j = φ(W_j h)} with one input
     * {@code h ~ N(0, 1)} and distinct {@code W_j} of variance 1, so that {@code K_jj = E[φ(Z)²]} and
     * {@code K_jl = E[φ(Z)]²} (confirmed to {@value #LAYER_AGREEMENT} relative) — what a reduced sampler
     * of that layer draws exactly.
     *
     * @return the layer, or empty when {@code output} is not that layer
     */
    public static Optional<Layer> appendixB(Program program, String output) {
        Optional<Layer> seen = layer(program, output);
        if (seen.isEmpty()) {
            return seen;
        }
        Layer layer = seen.get();
        Set<String> matrices = new HashSet<>();
        String input = null;
        for (String x : layer.tokenNames()) {
            if (!(program.require(x) instanceof Statement.Nonlin n && n.expr() instanceof Expr.Apply ap
                    && ap.phi().equals(layer.phi()) && ap.arg() instanceof Expr.Ref r
                    && program.require(r.name()) instanceof Statement.MatMul mm
                    && program.require(mm.matrix()) instanceof Statement.Matrix w && w.variance() == 1
                    && program.require(mm.in()) instanceof Statement.Input in && in.names().size() == 1
                    && in.mean()[0] == 0 && in.cov()[0][0] == 1 && (input == null || input.equals(mm.in()))
                    && matrices.add(mm.matrix()))) {
                return Optional.empty();
            }
            input = mm.in();
        }
        double second = GaussianExpectations.moment(layer.phi(), 2, 0.0, 1.0).value();
        double first = GaussianExpectations.moment(layer.phi(), 1, 0.0, 1.0).value();
        for (int j = 0; j < layer.tokens(); j++) {
            for (int l = 0; l < layer.tokens(); l++) {
                double paper = j == l ? second : first * first;
                if (Math.abs(layer.gram[j][l] - paper) > LAYER_AGREEMENT * Math.abs(second)) {
                    return Optional.empty();
                }
            }
        }
        return seen;
    }

    /**
     * The token scales of a layer whose tokens are {@code x_j = φ(h_j)} with {@code h_j} distinct, centred
     * and uncorrelated in the limit (Definition 3.1 (A)): {@code a_j = √Var(Z^{h_j})}, query first.
     *
     * @return the scales, or empty when the tokens are not of that form
     */
    public static Optional<double[]> tokenScales(Program program, Layer layer) {
        List<String> pre = new ArrayList<>();
        for (String x : layer.tokenNames()) {
            if (!(program.require(x) instanceof Statement.Nonlin n && n.expr() instanceof Expr.Apply ap
                    && ap.phi().equals(layer.phi()) && ap.arg() instanceof Expr.Ref h) || pre.contains(h.name())) {
                return Optional.empty();
            }
            pre.add(h.name());
        }
        ProgramLimit limit = ProgramLimit.of(program);
        double[] scales = new double[pre.size()];
        for (int j = 0; j < scales.length; j++) {
            for (int l = 0; l < j; l++) {
                if (limit.covariance(pre.get(j), pre.get(l)) != 0) {
                    return Optional.empty();
                }
            }
            if (limit.mean(pre.get(j)) != 0) {
                return Optional.empty();
            }
            scales[j] = Math.sqrt(limit.covariance(pre.get(j), pre.get(j)));
        }
        return Optional.of(scales);
    }

    private Optional<Layer> read(String output) {
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
        List<HeadNames> heads = new ArrayList<>();
        for (Expr.Attend at : attends) {
            HeadNames h = headNames(at);
            if (h == null) {
                return Optional.empty();
            }
            heads.add(h);
        }
        HeadNames first = heads.get(0);
        Set<String> matrices = new HashSet<>();
        for (HeadNames h : heads) {
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
        double sigmaQ = Math.sqrt(variance(first.wq()));
        double sigmaK = Math.sqrt(variance(first.wk()));
        double sigmaV = Math.sqrt(variance(first.wv()));
        List<String> ordered = new ArrayList<>();
        for (int j : order) {
            ordered.add(tokens.get(j));
        }
        Layer layer = new Layer(activation(tokens), s, hCount, sigmaQ, sigmaK, sigmaV, sigmaO, k, ordered);
        double valueScale = (first.wo() == null ? 1 : variance(first.wo())) * variance(first.wv());
        double scoreScale = sigmaQ * sigmaQ * sigmaK * sigmaK;
        return confirmed(layer.gram, scoreScale, heads, order, limit, valueScale) ? Optional.of(layer) : Optional.empty();
    }

    /** The program's value and score covariances against the layer's (class javadoc); {@code wo = σ_O²σ_V²} of its u. */
    private static boolean confirmed(double[][] gram, double scoreScale, List<HeadNames> heads, int[] order,
            ProgramLimit limit, double wo) {
        double score = scoreScale * gram[0][0];
        double top = 0;
        int s = gram.length;
        for (int j = 0; j < s; j++) {
            for (int l = 0; l < s; l++) {
                top = Math.max(top, Math.abs(gram[j][l]));
            }
        }
        for (int a = 0; a < heads.size(); a++) {
            for (int b = 0; b < heads.size(); b++) {
                for (int j = 0; j < s; j++) {
                    for (int l = 0; l < s; l++) {
                        double kjl = a == b ? gram[j][l] : 0;
                        double cu = limit.covariance(heads.get(a).values().get(order[j]), heads.get(b).values().get(order[l]));
                        double cp = limit.covariance(heads.get(a).scores().get(order[j]), heads.get(b).scores().get(order[l]));
                        if (Math.abs(cu - wo * kjl) > LAYER_AGREEMENT * wo * top
                                || Math.abs(cp - score * kjl) > LAYER_AGREEMENT * Math.abs(score) * top) {
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
    private HeadNames headNames(Expr.Attend at) {
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
        return new HeadNames(query, scores, values, tokens, wq, wk, wv, wo);
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

    // ============================================================ one head in an inlined expression

    /**
     * @param term one part of an output, inlined down to G-vars ({@link Expr.Ref}) and scores
     * @param valueMean {@code E[Z^u]} of a G-var
     * @param valueCovariance {@code Cov(Z^u, Z^v)} of two G-vars (Definition 3.1 (A))
     * @param scoreCovariance {@code Cov(p̊_s, p̊_t)} of two scores (Definition 3.1 (B))
     * @return the head, or empty when {@code term} is not {@code c·attend(κp_1..κp_s; U_1..U_s)}, s ≥ 2,
     *     with distinct scores, G-var values of mean 0, {@code Cov(U_11) > 0} and {@code Cov(p̊) = α Cov(U)}
     */
    public static Optional<Head> head(Expr term, ToDoubleFunction<String> valueMean,
            ToDoubleBiFunction<String, String> valueCovariance, ToDoubleBiFunction<String, String> scoreCovariance) {
        double scale = 1;
        Expr e = term;
        if (e instanceof Expr.Prod p && p.factors().size() == 2) {
            Expr a = p.factors().get(0);
            Expr b = p.factors().get(1);
            if (a instanceof Expr.Const k) {
                scale = k.value();
                e = b;
            } else if (b instanceof Expr.Const k) {
                scale = k.value();
                e = a;
            }
        }
        if (!(e instanceof Expr.Attend at) || at.logits().size() < 2) {
            return Optional.empty();
        }
        double kappa = Double.NaN;
        List<String> ls = new ArrayList<>();
        for (Expr l : at.logits()) {
            double k = 1;
            Expr s = l;
            if (l instanceof Expr.Prod p && p.factors().size() == 2 && p.factors().get(0) instanceof Expr.Const kc
                    && p.factors().get(1) instanceof Expr.ScoreRef) {
                k = kc.value();
                s = p.factors().get(1);
            }
            if (!(s instanceof Expr.ScoreRef r) || (!Double.isNaN(kappa) && k != kappa) || ls.contains(r.name())) {
                return Optional.empty();
            }
            kappa = k;
            ls.add(r.name());
        }
        List<String> us = new ArrayList<>();
        for (Expr v : at.values()) {
            if (!(v instanceof Expr.Ref r)) {
                return Optional.empty();
            }
            us.add(r.name());
        }
        int s = us.size();
        for (String u : us) {
            if (valueMean.applyAsDouble(u) != 0) {
                return Optional.empty();
            }
        }
        double[][] su = new double[s][s];
        double[][] cp = new double[s][s];
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                su[i][j] = valueCovariance.applyAsDouble(us.get(i), us.get(j));
                cp[i][j] = scoreCovariance.applyAsDouble(ls.get(i), ls.get(j));
            }
        }
        if (!(su[0][0] > 0)) {
            return Optional.empty();
        }
        double alpha = cp[0][0] / su[0][0];
        double top = 0;
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                top = Math.max(top, Math.abs(cp[i][j]));
            }
        }
        for (int i = 0; i < s; i++) {
            for (int j = 0; j < s; j++) {
                if (Math.abs(cp[i][j] - alpha * su[i][j]) > HEAD_AGREEMENT * top) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new Head(scale, kappa, List.copyOf(ls), List.copyOf(us), alpha, su));
    }
}
