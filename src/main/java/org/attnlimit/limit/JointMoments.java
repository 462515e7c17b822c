package org.attnlimit.limit;

import static org.attnlimit.limit.Matrices.quad;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.Expr;
import org.attnlimit.program.ExprRewrite;
import org.attnlimit.program.NonlinFunction;

/**
 * Joint moments of several conditionally Gaussian outputs {@code y_a} of a program (Theorem 3.1),
 * {@code c_a = y_a − E y_a}: the covariance {@code E[c_a c_b]} and {@code E[c_a² c_b²]}.
 *
 * <p>The outputs' additive terms are grouped into independent joint parts (as for one output: shared
 * score blocks or correlated G-vars link terms, whichever output they belong to, {@link IndependentParts});
 * identical parts are computed once. With {@code X^P} the centred contribution of part P and {@code m_P}
 * its copies: {@code Cov(c_a, c_b) = Σ_P m_P S^P_ab} and, the parts being independent and centred,
 * {@code E[c_a²c_b²] = Σ_P m_P F^P_ab + (ΣS_aa)(ΣS_bb) − Σ_P m_P S^P_aa S^P_bb + 2[(ΣS_ab)² − Σ_P m_P (S^P_ab)²]},
 * {@code F^P_ab = E[(X^P_a)²(X^P_b)²]} (Isserlis given the scores).
 */
final class JointMoments {
    private JointMoments() {
    }

    /**
     * @param outputs the outputs, each with its marginal law (all conditionally Gaussian)
     * @param cov the Definition 3.1 covariances
     * @param covarianceError the relative error those covariances carry into every moment
     * @return the joint moments; the diagonal is taken from the marginal laws
     */
    static ProgramLaw.Joint of(List<ProgramOutput> outputs, LimitCovariances cov, double covarianceError) {
        int k = outputs.size();
        for (ProgramOutput o : outputs) {
            if (!o.moments.conditionallyGaussian()) {
                throw new InvalidInputException("joint moments are computed for conditionally Gaussian outputs only;"
                        + " '" + o.name + "' is not (its law alone is computed; the joint law is known by drawing the outputs jointly"
                        + " from the hierarchical law)");
            }
        }
        List<Expr> terms = new ArrayList<>();
        List<Integer> owner = new ArrayList<>();
        Set<String> allScores = new LinkedHashSet<>();
        for (int a = 0; a < k; a++) {
            ProgramOutput o = outputs.get(a);
            List<Expr> t = ExprRewrite.terms(o.inlined);
            terms.addAll(t);
            for (int i = 0; i < t.size(); i++) {
                owner.add(a);
            }
            allScores.addAll(o.function.scores());
        }
        double[] scale = new double[k];
        for (int a = 0; a < k; a++) {
            scale[a] = Math.sqrt(outputs.get(a).moments.variance());
        }
        Map<String, Part> byKey = new LinkedHashMap<>();
        for (List<Integer> g : IndependentParts.groups(terms, List.copyOf(allScores), cov)) {
            Expr[] per = new Expr[k];
            for (int a = 0; a < k; a++) {
                List<Expr> mine = new ArrayList<>();
                for (int i : g) {
                    if (owner.get(i) == a) {
                        mine.add(terms.get(i));
                    }
                }
                per[a] = mine.isEmpty() ? new Expr.Const(0) : ExprRewrite.sum(mine);
            }
            Part p = new Part(per, cov);
            Part same = byKey.get(p.key);
            if (same != null) {
                same.copies++;
            } else {
                byKey.put(p.key, p);
            }
        }
        double[][] cv = new double[k][k];
        double[][] fourth = new double[k][k];
        double[][] sumSq = new double[k][k];     // Σ_P m_P S_aa S_bb
        double[][] sumAb2 = new double[k][k];    // Σ_P m_P S_ab²
        double err = 0;
        Set<String> methods = new LinkedHashSet<>();
        for (Part p : byKey.values()) {
            p.compute(scale);
            err = Math.max(err, p.error);
            methods.add((p.copies > 1 ? p.copies + " identical parts: " : "") + p.method);
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    cv[a][b] += p.copies * p.s2[a][b];
                    fourth[a][b] += p.copies * p.f[a][b];
                    sumSq[a][b] += p.copies * p.s2[a][a] * p.s2[b][b];
                    sumAb2[a][b] += p.copies * p.s2[a][b] * p.s2[a][b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                fourth[a][b] += cv[a][a] * cv[b][b] - sumSq[a][b] + 2 * (cv[a][b] * cv[a][b] - sumAb2[a][b]);
            }
        }
        double[] means = new double[k];
        for (int a = 0; a < k; a++) {
            means[a] = outputs.get(a).moments.mean();
        }
        // The diagonal is known at least as accurately from the marginal laws.
        for (int a = 0; a < k; a++) {
            ProgramLaw.Moments m = outputs.get(a).moments;
            cv[a][a] = m.variance();
            fourth[a][a] = m.fourthMoment();
        }
        double[][] gauss = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                gauss[a][b] = cv[a][a] * cv[b][b] + 2 * cv[a][b] * cv[a][b];
            }
        }
        List<String> names = outputs.stream().map(o -> o.name).toList();
        return new ProgramLaw.Joint(names, means, cv, fourth, gauss, err + covarianceError,
                "conditionally Gaussian given the scores (Isserlis given p); " + byKey.size()
                + " independent joint part(s): " + String.join("; ", methods) + "; diagonal from the marginal laws");
    }

    /** One independent part of several outputs: {@code X^P_a}, a = 1..k (possibly 0 for some a). */
    private static final class Part {
        final Expr[] per;
        final List<String> gv;
        final List<String> sc;
        final double[] mu;
        final double[][] sigma;
        final double[][] c;
        final String key;
        int copies = 1;
        double[][] s2;
        double[][] f;
        double error;
        double meanError;
        String method;

        Part(Expr[] per, LimitCovariances cov) {
            this.per = per;
            Expr all = per.length == 1 ? per[0] : new Expr.Sum(List.of(per));
            this.gv = all.vectors();
            this.sc = all.scores();
            this.mu = cov.mean(gv);
            this.sigma = cov.covariance(gv);
            this.c = cov.scoreCovariance(sc);
            Map<String, String> rename = new HashMap<>();
            StringBuilder kb = new StringBuilder();
            for (Expr e : per) {
                kb.append(ExprRewrite.canonical(e, rename)).append('|');
            }
            this.key = kb + Arrays.toString(mu) + Arrays.deepToString(sigma) + Arrays.deepToString(c);
        }

        /** @param scale the outputs' standard deviations (the scale the means pass is refined on) */
        void compute(double[] scale) {
            int k = per.length;
            NonlinFunction[] fs = new NonlinFunction[k];
            AffineForm[] forms = new AffineForm[k];
            int[][] gPos = new int[k][];
            int[][] pPos = new int[k][];
            for (int a = 0; a < k; a++) {
                fs[a] = NonlinFunction.of(per[a]);
                forms[a] = AffineForm.of(fs[a]);
                gPos[a] = fs[a].vectors().stream().mapToInt(gv::indexOf).toArray();
                pPos[a] = fs[a].scores().stream().mapToInt(sc::indexOf).toArray();
            }
            Expr all = per.length == 1 ? per[0] : new Expr.Sum(List.of(per));
            ScoreNodes nodes = new ScoreNodes(c, ShiftInvariance.groups(all, sc));
            // Pass 1: the part's means E[X_a] (to centre); pass 2: S_ab and F_ab given the scores.
            double[] means = new double[k];
            boolean centred = Arrays.stream(mu).allMatch(x -> x == 0) && Arrays.stream(per).allMatch(ExprRewrite::zeroAtZero);
            if (!centred) {
                // The error measure: the change of each mean relative to its output's standard deviation (the
                // scale the centred moments below are measured on), so the pass refines until the means settle.
                ScoreNodes.Result r1 = nodes.integrate((p, out) -> {
                    for (int a = 0; a < k; a++) {
                        out[a] = forms[a].conditionalMean(AffineForm.pick(p, pPos[a]), gPos[a], mu,
                                new double[gv.size()]);
                    }
                }, k, (fine, coarse) -> {
                    double e = 0;
                    for (int a = 0; a < k; a++) {
                        e = Math.max(e, Math.abs(fine[a] - coarse[a]) / scale[a]);
                    }
                    return e;
                }, 60_000);
                System.arraycopy(r1.sums(), 0, means, 0, k);
                meanError = r1.error();
            }
            int pairs = k * k;
            ScoreNodes.Result r = nodes.integrate((p, out) -> {
                double[][] b = new double[k][gv.size()];
                double[] d = new double[k];
                for (int a = 0; a < k; a++) {
                    d[a] = forms[a].conditionalMean(AffineForm.pick(p, pPos[a]), gPos[a], mu, b[a]) - means[a];
                }
                for (int a = 0; a < k; a++) {
                    for (int e = 0; e < k; e++) {
                        double sab = quad(b[a], sigma, b[e]);
                        double saa = quad(b[a], sigma, b[a]);
                        double see = quad(b[e], sigma, b[e]);
                        out[a * k + e] = d[a] * d[e] + sab;
                        out[pairs + a * k + e] = (d[a] * d[a] + saa) * (d[e] * d[e] + see) + 2 * sab * sab
                                + 4 * d[a] * d[e] * sab;
                    }
                }
            }, 2 * pairs, (fine, coarse) -> {
                double e = 0;
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double sc2 = Math.sqrt(Math.abs(fine[a * k + a] * fine[b * k + b]));
                        if (sc2 > 0) {
                            e = Math.max(e, Math.abs(fine[a * k + b] - coarse[a * k + b]) / sc2);
                            e = Math.max(e, Math.abs(fine[pairs + a * k + b] - coarse[pairs + a * k + b]) / (sc2 * sc2));
                        }
                    }
                }
                return e;
            }, 300_000);
            double[] s = r.sums();
            s2 = new double[k][k];
            f = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    s2[a][b] = s[a * k + b];
                    f[a][b] = s[pairs + a * k + b];
                }
            }
            // An error δ in a part's mean moves S_ab by about 2δ (relative to the scale) and F_ab by about 4δ.
            error = r.error() + 4 * meanError;
            method = sc.size() + " scores, " + nodes.dimension() + " dimensions: " + r.method();
        }
    }
}
