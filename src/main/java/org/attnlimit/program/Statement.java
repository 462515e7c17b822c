package org.attnlimit.program;

import java.util.Arrays;
import java.util.List;

/**
 * One line of a Netsor program (Section 2 of the paper; Definition 3.1). {@code line} is the source
 * line (or the builder's statement number) used in error messages.
 */
public sealed interface Statement permits Statement.Input, Statement.Matrix, Statement.MatMul,
        Statement.Nonlin, Statement.Score {

    /** @return the source line, 1-based */
    int line();

    /**
     * Initial vectors whose coordinates are iid {@code N(μ_in, Σ_in)} tuples.
     *
     * @param names the vectors
     * @param mean {@code μ_in}
     * @param cov {@code Σ_in} (symmetric positive semi-definite)
     * @param line the source line
     */
    record Input(List<String> names, double[] mean, double[][] cov, int line) implements Statement {
        /** Copies the arrays. */
        public Input {
            names = List.copyOf(names);
            mean = mean.clone();
            cov = Arrays.stream(cov).map(double[]::clone).toArray(double[][]::new);
        }

        @Override
        public double[] mean() {
            return mean.clone();
        }

        @Override
        public double[][] cov() {
            return Arrays.stream(cov).map(double[]::clone).toArray(double[][]::new);
        }
    }

    /**
     * A weight matrix with iid {@code N(0, σ_W²/n)} entries.
     *
     * @param name its name
     * @param variance {@code σ_W²}
     * @param line the source line
     */
    record Matrix(String name, double variance, int line) implements Statement {
    }

    /**
     * MatMul {@code out = W in}.
     *
     * @param out the new vector
     * @param matrix the matrix
     * @param in the vector multiplied
     * @param line the source line
     */
    record MatMul(String out, String matrix, String in, int line) implements Statement {
    }

    /**
     * Nonlin {@code out = φ(…)}, applied coordinatewise.
     *
     * @param out the new vector
     * @param expr the function of earlier vectors
     * @param line the source line
     */
    record Nonlin(String out, Expr expr, int line) implements Statement {
    }

    /**
     * A score {@code out = n^{−1/2}⟨query, key⟩} (or {@code n^{−1}⟨·,·⟩} under linear scaling), Definition 3.1 (B).
     *
     * @param out the scalar
     * @param query {@code g^{i,1}}, a MatMul output
     * @param key {@code g^{i,2}}, a MatMul output
     * @param scaling the scaling
     * @param line the source line
     */
    record Score(String out, String query, String key, Scaling scaling, int line) implements Statement {
    }
}
