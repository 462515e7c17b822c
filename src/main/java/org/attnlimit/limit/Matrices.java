package org.attnlimit.limit;

import java.util.List;
import java.util.Map;

/** Sub-vectors and sub-matrices picked by index lists, for the parts of a law. */
final class Matrices {
    private Matrices() {
    }

    static int[] indices(List<String> names, Map<String, Integer> index) {
        return names.stream().mapToInt(index::get).toArray();
    }

    static double[] sub(double[] v, int[] idx) {
        double[] out = new double[idx.length];
        for (int i = 0; i < idx.length; i++) {
            out[i] = v[idx[i]];
        }
        return out;
    }

    static double[][] sub(double[][] m, int[] idx) {
        double[][] out = new double[idx.length][idx.length];
        for (int i = 0; i < idx.length; i++) {
            for (int j = 0; j < idx.length; j++) {
                out[i][j] = m[idx[i]][idx[j]];
            }
        }
        return out;
    }

    /** @return {@code aᵀ S b} */
    static double quad(double[] a, double[][] s, double[] b) {
        double q = 0;
        for (int i = 0; i < a.length; i++) {
            if (a[i] == 0) {
                continue;
            }
            double row = 0;
            for (int j = 0; j < b.length; j++) {
                row += s[i][j] * b[j];
            }
            q += a[i] * row;
        }
        return q;
    }
}
