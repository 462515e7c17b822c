package org.attnlimit.program;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A polynomial in the Gaussian variables of a program (sum, product and identity of G-vars), with its
 * exact Gaussian expectation by Isserlis' theorem with means. Exact, so no quadrature is needed for
 * products of Gaussians — which the one-activation calculus does not cover.
 */
final class Polynomial {
    /** Monomials with more factors than this are refused (the recursion is exponential). */
    static final int MAX_DEGREE = 12;

    private final Map<List<Integer>, Double> terms;

    private Polynomial(Map<List<Integer>, Double> terms) {
        this.terms = terms;
    }

    static Polynomial variable(int index) {
        Map<List<Integer>, Double> t = new HashMap<>();
        t.put(List.of(index), 1.0);
        return new Polynomial(t);
    }

    static Polynomial constant(double c) {
        Map<List<Integer>, Double> t = new HashMap<>();
        t.put(List.of(), c);
        return new Polynomial(t);
    }

    Polynomial plus(Polynomial o) {
        Map<List<Integer>, Double> t = new HashMap<>(terms);
        o.terms.forEach((k, v) -> t.merge(k, v, Double::sum));
        return new Polynomial(t);
    }

    Polynomial times(Polynomial o) {
        Map<List<Integer>, Double> t = new HashMap<>();
        for (var a : terms.entrySet()) {
            for (var b : o.terms.entrySet()) {
                List<Integer> m = new ArrayList<>(a.getKey());
                m.addAll(b.getKey());
                Collections.sort(m);
                t.merge(List.copyOf(m), a.getValue() * b.getValue(), Double::sum);
            }
        }
        return new Polynomial(t);
    }

    int degree() {
        int d = 0;
        for (List<Integer> m : terms.keySet()) {
            d = Math.max(d, m.size());
        }
        return d;
    }

    /** @return {@code E[P(G)]} for {@code G ~ N(mean, cov)} */
    double expectation(double[] mean, double[][] cov) {
        if (degree() > MAX_DEGREE) {
            throw new InvalidInputException("polynomial of degree " + degree() + " is too large for exact"
                    + " Gaussian moments (at most " + MAX_DEGREE + ")");
        }
        double sum = 0;
        for (var e : terms.entrySet()) {
            int[] m = e.getKey().stream().mapToInt(Integer::intValue).toArray();
            sum += e.getValue() * monomial(m, m.length, mean, cov);
        }
        return sum;
    }

    /**
     * {@code E[X_{m_0}⋯X_{m_{k−1}}]} by Gaussian integration by parts (Isserlis with means):
     * {@code E[X_a Π] = μ_a E[Π] + Σ_j C_{a,j} E[Π without j]}.
     */
    private static double monomial(int[] m, int k, double[] mean, double[][] cov) {
        if (k == 0) {
            return 1.0;
        }
        int a = m[k - 1];
        double sum = mean[a] == 0 ? 0 : mean[a] * monomial(m, k - 1, mean, cov);
        for (int j = 0; j < k - 1; j++) {
            double c = cov[a][m[j]];
            if (c != 0) {
                int[] rest = new int[k - 2];
                for (int i = 0, r = 0; i < k - 1; i++) {
                    if (i != j) {
                        rest[r++] = m[i];
                    }
                }
                sum += c * monomial(rest, k - 2, mean, cov);
            }
        }
        return sum;
    }
}
