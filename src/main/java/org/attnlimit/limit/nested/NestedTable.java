package org.attnlimit.limit.nested;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Statement;
import org.hipparchus.random.SobolSequenceGenerator;

/**
 * The covariance table of a program beyond Theorem 3.1 (what {@code program FILE} prints without {@code --law}):
 * the part that does not depend on the scores and the first level's scores exactly by Definition 3.1 (A), (B)
 * ({@link ProgramLimit} of that sub-program), then — a <b>conjecture</b> ({@value NestedLaw#LABEL}) — the
 * covariances of the G-vars of matrices that multiply score-dependent vectors,
 * {@code Cov(Z^{Wx}, Z^{Wx'}) = σ_W² E[ E[Z^x Z^{x'} | p̊] ]}, and of the later levels' scores,
 * {@code Cov(p̊_k, p̊_l) = E[ C(q_k,q_l | p̊^{<ℓ}) C(k_k,k_l | p̊^{<ℓ}) + C(q_k,k_l | ·) C(k_k,q_l | ·) ]} (Definition 3.1
 * (B) given the levels above, averaged over them; scores of different levels are uncorrelated, being centred
 * given the levels above). The averages are taken by randomised quasi-Monte Carlo over the score hierarchy
 * (Sobol, {@value NestedLaw#SHIFTS} random shifts), each with its error (3 standard errors over the shifts),
 * doubling the points until every error is below {@code tol} relative to its scale
 * {@code √(Var_a Var_b)} or the time budget is spent.
 */
public final class NestedTable {
    /** The method of every conjectured entry. */
    static final String METHOD = "conjecture: E over the score hierarchy (RQMC)";

    private NestedTable() {
    }

    /**
     * @param program a program beyond Theorem 3.1
     * @param tol the relative error wanted of the conjectured entries (3 standard errors)
     * @param budgetSeconds no further doubling starts after this time
     * @param threads worker threads (the numbers do not depend on them)
     * @return the entries: exact ones first (their usual methods), then the conjectured ones (method
     *     {@value #METHOD}, error = 3 standard errors)
     */
    public static List<CovarianceEntry> of(Program program, double tol, double budgetSeconds, int threads) {
        Hierarchy h;
        try {
            h = Hierarchy.of(program);
        } catch (UnsupportedOperationException e) {
            throw new InvalidInputException(e.getMessage());
        }
        List<CovarianceEntry> out = new ArrayList<>(ProgramLimit.of(exactPart(program)).table());
        // the averaged quantities: block entries (i ≤ j) and same-level score pairs of levels ≥ 2
        List<int[]> pairs = new ArrayList<>();   // {block, i, j} or {-1 - level, pos k, pos l}
        for (int b = 0; b < h.blockSize.length; b++) {
            for (int j = 0; j < h.blockSize[b]; j++) {
                for (int i = 0; i <= j; i++) {
                    pairs.add(new int[] {b, i, j});
                }
            }
        }
        for (int l = 1; l < h.levels; l++) {
            for (int k = 0; k < h.levelSize[l]; k++) {
                for (int i = 0; i <= k; i++) {
                    pairs.add(new int[] {-1 - l, i, k});
                }
            }
        }
        int q = pairs.size();
        int shifts = NestedLaw.SHIFTS;
        double[][] sum = new double[shifts][q];
        double[][] shiftVectors = new double[shifts][Math.max(1, h.dims)];
        org.apache.commons.rng.UniformRandomProvider rng = org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP
                .create(20261208L);
        for (double[] s : shiftVectors) {
            for (int i = 0; i < s.length; i++) {
                s[i] = rng.nextDouble();
            }
        }
        long t0 = System.nanoTime();
        int points = 0;
        int next = 256;
        double[] mean = new double[q];
        double[] err = new double[q];
        while (true) {
            int from = points;
            int to = next;
            Runnable[] jobs = new Runnable[shifts];
            for (int r = 0; r < shifts; r++) {
                final int shift = r;
                jobs[r] = () -> accumulate(h, pairs, shiftVectors[shift], from, to, sum[shift]);
            }
            NestedLaw.runJobs(jobs, threads);
            points = to;
            double worst = 0;
            for (int t = 0; t < q; t++) {
                double m = 0;
                for (int r = 0; r < shifts; r++) {
                    m += sum[r][t] / points / shifts;
                }
                double ss = 0;
                for (int r = 0; r < shifts; r++) {
                    ss += Math.pow(sum[r][t] / points - m, 2);
                }
                mean[t] = m;
                err[t] = 3 * Math.sqrt(ss / (shifts - 1) / shifts);
            }
            for (int t = 0; t < q; t++) {
                int[] p = pairs.get(t);
                double scale = Math.sqrt(Math.abs(mean[diagonal(pairs, p[0], p[1])] * mean[diagonal(pairs, p[0], p[2])]));
                worst = Math.max(worst, scale > 0 ? err[t] / scale : err[t] > 0 ? Double.POSITIVE_INFINITY : 0);
            }
            double spent = (System.nanoTime() - t0) / 1e9;
            if (worst <= tol || h.dims == 0 || spent * 2 > budgetSeconds || points >= 1 << 20) {
                break;
            }
            next = points * 2;
        }
        String how = String.format(Locale.ROOT, "%s (%d x %d points)", METHOD, shifts, points);
        for (int t = 0; t < q; t++) {
            int[] p = pairs.get(t);
            if (p[0] >= 0) {
                String a = h.gNames[h.blockMembers[p[0]][p[1]]];
                String b = h.gNames[h.blockMembers[p[0]][p[2]]];
                Statement.MatMul ma = (Statement.MatMul) program.require(a);
                Statement.MatMul mb = (Statement.MatMul) program.require(b);
                Statement.Matrix w = (Statement.Matrix) program.require(ma.matrix());
                String sigma = w.variance() == 1 ? "" : Activation.formatNumber(w.variance()) + "\\,";
                out.add(new CovarianceEntry("matmul", a, b, "\\operatorname{Cov}(" + z(a) + ", " + z(b) + ")", mean[t],
                        err[t], sigma + "\\mathbb{E}\\bigl[\\mathbb{E}[" + z(ma.in()) + z(mb.in()) + "\\mid\\mathring{p}]\\bigr]",
                        null, how));
            } else {
                String a = scoreName(h, -1 - p[0], p[1]);
                String b = scoreName(h, -1 - p[0], p[2]);
                if (mean[t] == 0 && err[t] == 0 && p[1] != p[2]) {
                    continue;   // structurally 0, as in the one-layer table
                }
                out.add(new CovarianceEntry("score", a, b, "\\operatorname{Cov}(\\mathring{" + CovarianceEntry.tex(a)
                        + "}, \\mathring{" + CovarianceEntry.tex(b) + "})", mean[t], err[t],
                        "\\mathbb{E}\\bigl[\\operatorname{Cov}(\\mathring{" + CovarianceEntry.tex(a) + "}, \\mathring{"
                        + CovarianceEntry.tex(b) + "}\\mid\\text{levels above})\\bigr]", null, how));
            }
        }
        return out;
    }

    private static String z(String v) {
        return "Z^{" + CovarianceEntry.tex(v) + "}";
    }

    /** @return the index in {@code pairs} of the diagonal entry {@code (i, i)} of the same block or level */
    private static int diagonal(List<int[]> pairs, int group, int i) {
        for (int t = 0; t < pairs.size(); t++) {
            int[] p = pairs.get(t);
            if (p[0] == group && p[1] == i && p[2] == i) {
                return t;
            }
        }
        throw new IllegalStateException("no diagonal entry");
    }

    private static String scoreName(Hierarchy h, int level, int pos) {
        for (Hierarchy.Op op : h.ops) {
            if (op instanceof Hierarchy.ScoreOp s && s.level() == level + 1 && s.pos() == pos && s.z() >= 0) {
                return h.scoreNames[s.score()];
            }
        }
        throw new IllegalStateException("no score at level " + (level + 1) + ", position " + pos);
    }

    private static void accumulate(Hierarchy h, List<int[]> pairs, double[] shift, int from, int to, double[] sum) {
        Draw d = new Draw(h, false);
        SobolSequenceGenerator sobol = h.dims > 0 ? new SobolSequenceGenerator(h.dims) : null;
        if (sobol != null) {
            sobol.skipTo(from);
        }
        double[] z = new double[h.dims];
        for (int i = from; i < to; i++) {
            if (sobol != null) {
                double[] u = sobol.nextVector();
                for (int k = 0; k < z.length; k++) {
                    double v = u[k] + shift[k];
                    z[k] = NestedLaw.inverseNormal(v - Math.floor(v));
                }
            }
            d.recordedCov = new double[h.levels][][];
            for (int l = 0; l < h.levels; l++) {
                d.recordedCov[l] = new double[h.levelSize[l]][h.levelSize[l]];
            }
            d.run(z);
            double[][] blocks = d.blocks();
            for (int t = 0; t < pairs.size(); t++) {
                int[] p = pairs.get(t);
                sum[t] += p[0] >= 0 ? blocks[p[0]][p[1] * h.blockSize[p[0]] + p[2]] : d.recordedCov[-1 - p[0]][p[1]][p[2]];
            }
        }
    }

    /** The statements that do not depend on the scores, and the first level's scores (their arguments do not). */
    private static Program exactPart(Program program) {
        Program.Builder sub = Program.builder();
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                sub.inputs(in.names(), in.mean(), in.cov());
            } else if (s instanceof Statement.Matrix m) {
                sub.matrix(m.name(), m.variance());
            } else if (s instanceof Statement.MatMul mm && !program.isScoreDependent(mm.in())) {
                sub.matMul(mm.out(), mm.matrix(), mm.in());
            } else if (s instanceof Statement.Nonlin n && !program.isScoreDependent(n.out())) {
                sub.nonlin(n.out(), n.expr());
            } else if (s instanceof Statement.Score sc && !program.isScoreDependent(sc.query())
                    && !program.isScoreDependent(sc.key())) {
                sub.score(sc.out(), sc.query(), sc.key(), sc.scaling());
            }
        }
        return sub.build();
    }
}
