package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.program.Expr;

/**
 * Groups the additive terms of outputs into independent parts (Theorem 3.1's limit): two terms are
 * dependent when they read scores of one block (connected under non-zero score covariance, Definition 3.1
 * (B)) or correlated G-vars (Definition 3.1 (A)); terms in different groups are independent, since
 * uncorrelated jointly Gaussian variables are independent and the scores are independent of the G-vars.
 * Union-find over the terms.
 */
final class IndependentParts {
    private IndependentParts() {
    }

    /**
     * @param terms the additive terms
     * @param scores every score the terms read
     * @param cov the Definition 3.1 covariances
     * @return the indices of the terms in each group of dependent terms, groups in order of their first term
     */
    static Collection<List<Integer>> groups(List<Expr> terms, List<String> scores, LimitCovariances cov) {
        int[] block = scoreBlocks(scores, cov);
        int n = terms.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (linked(terms.get(i), terms.get(j), scores, block, cov)) {
                    union(parent, i, j);
                }
            }
        }
        Map<Integer, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(find(parent, i), x -> new ArrayList<>()).add(i);
        }
        return groups.values();
    }

    private static boolean linked(Expr a, Expr b, List<String> scores, int[] block, LimitCovariances cov) {
        for (String s : a.scores()) {
            for (String t : b.scores()) {
                if (block[scores.indexOf(s)] == block[scores.indexOf(t)]) {
                    return true;
                }
            }
        }
        for (String u : a.vectors()) {
            for (String v : b.vectors()) {
                if (u.equals(v) || cov.covariance(u, v) != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Connected components of the scores under non-zero covariance. */
    private static int[] scoreBlocks(List<String> scores, LimitCovariances cov) {
        int n = scores.size();
        int[] parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                if (cov.scoreCovariance(scores.get(i), scores.get(j)) != 0) {
                    union(parent, i, j);
                }
            }
        }
        int[] block = new int[n];
        for (int i = 0; i < n; i++) {
            block[i] = find(parent, i);
        }
        return block;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }
}
