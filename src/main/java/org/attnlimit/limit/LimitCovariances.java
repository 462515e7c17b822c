package org.attnlimit.limit;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.program.ProgramLimit;

/**
 * The Definition 3.1 quantities every part of a program's law starts from: the G-vars' means {@code μ}
 * and covariance {@code Σ} (Definition 3.1 (A)) and the scores' covariance {@code C} (Definition 3.1 (B)),
 * indexed by name. Read-only once built (the arrays are not copied on the way out: callers only read them).
 *
 * @param gIndex position of each G-var in {@code gMean}, {@code gCov}
 * @param gMean {@code μ}
 * @param gCov {@code Σ}
 * @param sIndex position of each score in {@code sCov}
 * @param sCov {@code C}
 */
record LimitCovariances(Map<String, Integer> gIndex, double[] gMean, double[][] gCov,
        Map<String, Integer> sIndex, double[][] sCov) {

    /**
     * @param limit a program's limit
     * @param scores the program's scores, in the order of {@link ProgramLimit#scoreCovariance()}
     * @return the covariances of that limit
     */
    static LimitCovariances of(ProgramLimit limit, List<String> scores) {
        Map<String, Integer> g = new HashMap<>();
        List<String> gv = limit.gVars();
        for (int i = 0; i < gv.size(); i++) {
            g.put(gv.get(i), i);
        }
        Map<String, Integer> s = new HashMap<>();
        List<String> sc = scores;
        for (int i = 0; i < sc.size(); i++) {
            s.put(sc.get(i), i);
        }
        return new LimitCovariances(Map.copyOf(g), limit.gMean(), limit.gCovariance(), Map.copyOf(s),
                limit.scoreCovariance());
    }

    /** @return whether {@code name} is a G-var */
    boolean isGVar(String name) {
        return gIndex.containsKey(name);
    }

    /** @return {@code μ} restricted to {@code names} */
    double[] mean(List<String> names) {
        return Matrices.sub(gMean, Matrices.indices(names, gIndex));
    }

    /** @return {@code Σ} restricted to {@code names} */
    double[][] covariance(List<String> names) {
        return Matrices.sub(gCov, Matrices.indices(names, gIndex));
    }

    /** @return {@code C} restricted to the scores {@code names} */
    double[][] scoreCovariance(List<String> names) {
        return Matrices.sub(sCov, Matrices.indices(names, sIndex));
    }

    /** @return {@code Σ_uv} */
    double covariance(String u, String v) {
        return gCov[gIndex.get(u)][gIndex.get(v)];
    }

    /** @return {@code C_st} */
    double scoreCovariance(String s, String t) {
        return sCov[sIndex.get(s)][sIndex.get(t)];
    }

    /** @return the hierarchical sampler of {@code functions} under these covariances */
    HierarchicalSampler sampler(List<org.attnlimit.program.NonlinFunction> functions) {
        return new HierarchicalSampler(functions, gIndex, gMean, gCov, sIndex, sCov);
    }
}
