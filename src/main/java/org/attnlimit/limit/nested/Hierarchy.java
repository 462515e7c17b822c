package org.attnlimit.limit.nested;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attnlimit.program.Expr;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;
import org.attnlimit.program.Scaling;
import org.attnlimit.program.Statement;

/**
 * A program beyond Theorem 3.1 compiled for the nested-conditioning law (a conjecture): the score-free part
 * by Definition 3.1 (A) ({@link ProgramLimit} of the score-free sub-program, exact), and for every later
 * statement an operation that one {@link Draw} performs given the scores drawn so far.
 *
 * <p>Levels: a score whose query and key are score-free has level 1; a score whose arguments depend on
 * scores of levels ≤ ℓ has level ℓ + 1. The conjecture: given the scores of levels below ℓ, the G-vars
 * are jointly Gaussian with the Definition 3.1 (A) covariances computed from the conditional second moments
 * ({@code Cov(Z^{Wx}, Z^{Wx'} | p̊) = σ_W² E[Z^x Z^{x'} | p̊]}), and the level-ℓ scores are centred Gaussian,
 * independent of the G-vars, with the Isserlis covariance of Definition 3.1 (B) computed from them.
 *
 * <p>Refused (one line, {@link IllegalArgumentException}): a matrix that multiplies both score-free and
 * score-dependent vectors, or that feeds scores of two levels (weights shared across layers).
 * Immutable.
 */
final class Hierarchy {

    /** One statement's work in a draw. */
    sealed interface Op permits Fixed, MatMulOp, ScoreOp, NonlinOp {
    }

    /** A score-free vector: its value is the same in every draw. */
    record Fixed(int slot, Val value) implements Op {
    }

    /** {@code g = W x} with {@code x} score-dependent: block {@code block}, local index {@code local}. */
    record MatMulOp(int slot, int g, int block, int local, int in, double sigma2, int[] earlierIns) implements Op {
    }

    /**
     * A score: {@code level} ≥ 1, position {@code pos} within its level, standard normal number {@code z}
     * (−1 for a {@code 1/n} score, whose limit is 0).
     */
    record ScoreOp(int score, int level, int pos, int z, int query, int key) implements Op {
    }

    /** A score-dependent Nonlin. */
    record NonlinOp(int slot, Expr expr) implements Op {
    }

    final Program program;
    final List<Op> ops = new ArrayList<>();
    final Map<String, Integer> slots = new HashMap<>();
    final Map<String, Integer> scoreSlots = new HashMap<>();
    final int nG;
    /** Score-free G-vars are 0..n0-1 (block −1); the others belong to a matrix's block. */
    final int n0;
    final double[] gMean;
    final int[] gBlock;
    final int[] gLocal;
    final int[] blockSize;
    final int[][] blockMembers;
    final double[][] cov0;
    final int nX;
    final double[] xMean;
    final double[][] xxCov;
    final double[][] xgCov;
    final int dims;
    final int levels;
    final int[] levelSize;
    /**
     * The index in {@link #ops} of the first {@code 1/√n} score of the last level ({@link #ops}'s size if there is
     * none): no earlier operation depends on the last level's scores, so a {@link Draw} may run the earlier ones
     * once and the rest for many values of the last level's normals.
     */
    final int lastLevelStart;
    /** The positions in a draw's normals of the last level's scores (empty with fewer than two levels). */
    final int[] lastLevelZ;
    /** The positions of all other normals, in increasing order. */
    final int[] outerZ;
    final List<String> names = new ArrayList<>();
    /** The program name of each G-var. */
    final String[] gNames;
    /** The program name of each score, by score index. */
    final String[] scoreNames;

    private Hierarchy(Program program) {
        this.program = program;
        // ---- the score-free sub-program: Definition 3.1 (A), exact
        Program.Builder sub = Program.builder();
        Set<String> free = new LinkedHashSet<>();
        Map<String, String> matrixKind = new HashMap<>();
        Map<String, Statement.Matrix> matrices = new HashMap<>();
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                sub.inputs(in.names(), in.mean(), in.cov());
                free.addAll(in.names());
            } else if (s instanceof Statement.Matrix m) {
                sub.matrix(m.name(), m.variance());
                matrices.put(m.name(), m);
            } else if (s instanceof Statement.MatMul mm && !program.isScoreDependent(mm.in())) {
                sub.matMul(mm.out(), mm.matrix(), mm.in());
                free.add(mm.out());
                kind(matrixKind, mm.matrix(), "free", mm.line());
            } else if (s instanceof Statement.MatMul mm) {
                kind(matrixKind, mm.matrix(), "dependent", mm.line());
            } else if (s instanceof Statement.Nonlin n && !program.isScoreDependent(n.out())) {
                sub.nonlin(n.out(), n.expr());
                free.add(n.out());
            }
        }
        ProgramLimit base = ProgramLimit.of(sub.build());
        // ---- G-vars: score-free first (their covariance is base's), then the others by matrix
        List<String> g0 = new ArrayList<>();
        List<String> gHigh = new ArrayList<>();
        List<String> x0 = new ArrayList<>();
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                g0.addAll(in.names());
            } else if (s instanceof Statement.MatMul mm) {
                (free.contains(mm.out()) ? g0 : gHigh).add(mm.out());
            }
        }
        n0 = g0.size();
        nG = n0 + gHigh.size();
        gMean = new double[nG];
        gBlock = new int[nG];
        gLocal = new int[nG];
        cov0 = new double[n0][n0];
        Map<String, Integer> gIndex = new HashMap<>();
        for (int i = 0; i < n0; i++) {
            gIndex.put(g0.get(i), i);
            gMean[i] = base.mean(g0.get(i));
            gBlock[i] = -1;
            gLocal[i] = i;
        }
        for (int i = 0; i < n0; i++) {
            for (int j = 0; j < n0; j++) {
                cov0[i][j] = base.covariance(g0.get(i), g0.get(j));
            }
        }
        Map<String, Integer> blocks = new HashMap<>();
        List<Integer> sizes = new ArrayList<>();
        Map<String, List<Integer>> blockIns = new HashMap<>();
        // ---- slots and ops in program order
        Map<String, Integer> scoreLevel = new HashMap<>();
        Map<String, Integer> matrixLevel = new HashMap<>();
        List<Integer> perLevel = new ArrayList<>();
        int z = 0;
        int nextG = n0;
        for (Statement s : program.statements()) {
            if (s instanceof Statement.Input in) {
                for (String n : in.names()) {
                    ops.add(new Fixed(slot(n), Val.Lin.gVar(gIndex.get(n))));
                }
            } else if (s instanceof Statement.MatMul mm && free.contains(mm.out())) {
                ops.add(new Fixed(slot(mm.out()), Val.Lin.gVar(gIndex.get(mm.out()))));
            } else if (s instanceof Statement.MatMul mm) {
                int g = nextG++;
                gIndex.put(mm.out(), g);
                int b = blocks.computeIfAbsent(mm.matrix(), k -> {
                    sizes.add(0);
                    return sizes.size() - 1;
                });
                int local = sizes.get(b);
                sizes.set(b, local + 1);
                gBlock[g] = b;
                gLocal[g] = local;
                List<Integer> ins = blockIns.computeIfAbsent(mm.matrix(), k -> new ArrayList<>());
                int[] earlier = ins.stream().mapToInt(Integer::intValue).toArray();
                int in = slots.get(mm.in());
                ins.add(in);
                ops.add(new MatMulOp(slot(mm.out()), g, b, local, in, matrices.get(mm.matrix()).variance(), earlier));
            } else if (s instanceof Statement.Score sc) {
                int level = 1;
                for (String arg : List.of(sc.query(), sc.key())) {
                    for (String p : program.scoresOf(arg)) {
                        level = Math.max(level, scoreLevel.get(p) + 1);
                    }
                }
                scoreLevel.put(sc.out(), level);
                for (String arg : List.of(sc.query(), sc.key())) {
                    String w = ((Statement.MatMul) program.require(arg)).matrix();
                    Integer before = matrixLevel.putIfAbsent(w, level);
                    if (before != null && before != level) {
                        throw new InvalidInputException("line " + sc.line() + ": matrix " + w + " feeds scores of levels "
                                + before + " and " + level + " (weights shared across attention layers): the"
                                + " nested-conditioning law assumes fresh score matrices per layer");
                    }
                }
                int score = scoreSlots.size();
                scoreSlots.put(sc.out(), score);
                if (sc.scaling() == Scaling.LINEAR) {
                    ops.add(new ScoreOp(score, level, -1, -1, gIndex.get(sc.query()), gIndex.get(sc.key())));
                } else {
                    while (perLevel.size() < level) {
                        perLevel.add(0);
                    }
                    int pos = perLevel.get(level - 1);
                    perLevel.set(level - 1, pos + 1);
                    ops.add(new ScoreOp(score, level, pos, z++, gIndex.get(sc.query()), gIndex.get(sc.key())));
                }
            } else if (s instanceof Statement.Nonlin n && free.contains(n.out())) {
                x0.add(n.out());
                ops.add(new NonlinOp(slot(n.out()), n.expr()));   // resolved to Fixed below
            } else if (s instanceof Statement.Nonlin n) {
                ops.add(new NonlinOp(slot(n.out()), n.expr()));
            }
        }
        blockSize = sizes.stream().mapToInt(Integer::intValue).toArray();
        gNames = new String[nG];
        gIndex.forEach((name, g) -> gNames[g] = name);
        scoreNames = new String[scoreSlots.size()];
        scoreSlots.forEach((name, k) -> scoreNames[k] = name);
        blockMembers = new int[blockSize.length][];
        for (int b = 0; b < blockSize.length; b++) {
            blockMembers[b] = new int[blockSize[b]];
        }
        for (int g = n0; g < nG; g++) {
            blockMembers[gBlock[g]][gLocal[g]] = g;
        }
        dims = z;
        levels = perLevel.size();
        levelSize = perLevel.stream().mapToInt(Integer::intValue).toArray();
        int start = ops.size();
        List<Integer> last = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            if (levels >= 2 && ops.get(i) instanceof ScoreOp so && so.level() == levels && so.z() >= 0) {
                start = Math.min(start, i);
                last.add(so.z());
            }
        }
        lastLevelStart = start;
        lastLevelZ = last.stream().mapToInt(Integer::intValue).sorted().toArray();
        outerZ = java.util.stream.IntStream.range(0, dims).filter(k -> !last.contains(k)).toArray();
        // ---- score-free Nonlins: affine ones as Lin, the others opaque with moments from base
        nX = x0.size();
        xMean = new double[nX];
        xxCov = new double[nX][nX];
        xgCov = new double[nX][n0];
        for (int i = 0; i < nX; i++) {
            xMean[i] = base.mean(x0.get(i));
        }
        for (int i = 0; i < nX; i++) {
            for (int j = 0; j < nX; j++) {
                xxCov[i][j] = base.covariance(x0.get(i), x0.get(j));
            }
            for (int j = 0; j < n0; j++) {
                xgCov[i][j] = base.covariance(x0.get(i), g0.get(j));
            }
        }
        Draw fixed = new Draw(this, true);
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) instanceof NonlinOp n && free.contains(names.get(n.slot()))) {
                Val v = fixed.evaluateFree(n, x0.indexOf(names.get(n.slot())));
                ops.set(i, new Fixed(n.slot(), v));
            }
        }
    }

    private int slot(String name) {
        int s = names.size();
        names.add(name);
        slots.put(name, s);
        return s;
    }

    private static void kind(Map<String, String> kinds, String matrix, String kind, int line) {
        String before = kinds.putIfAbsent(matrix, kind);
        if (before != null && !before.equals(kind)) {
            throw new InvalidInputException("line " + line + ": matrix " + matrix + " multiplies both score-free and"
                    + " score-dependent vectors (weights shared across layers): the nested-conditioning law assumes"
                    + " fresh matrices per layer");
        }
    }

    /**
     * @param program a program beyond Theorem 3.1
     * @return it compiled
     */
    static Hierarchy of(Program program) {
        return new Hierarchy(program);
    }

    /** @return the number of vector slots */
    int slotCount() {
        return names.size();
    }
}
