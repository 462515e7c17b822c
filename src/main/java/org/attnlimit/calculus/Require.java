package org.attnlimit.calculus;

/**
 * Argument checks at the boundary. Each check is written in positive form so that NaN fails too,
 * and each throws {@link InvalidInputException} with a one-line message naming the value —
 * the CLI turns that into exit code 2.
 */
public final class Require {
    private Require() {
    }

    /** @return {@code x} if it is a finite number */
    public static double finite(String name, double x) {
        if (!Double.isFinite(x)) {
            throw new InvalidInputException(name + " must be a finite number, got " + x);
        }
        return x;
    }

    /** @return {@code x} if {@code x > 0} and finite */
    public static double positive(String name, double x) {
        if (!(x > 0) || x == Double.POSITIVE_INFINITY) {
            throw new InvalidInputException(name + " must be > 0, got " + x);
        }
        return x;
    }

    /** @return {@code x} if {@code x ≥ 0} and finite */
    public static double nonNegative(String name, double x) {
        if (!(x >= 0) || x == Double.POSITIVE_INFINITY) {
            throw new InvalidInputException(name + " must be >= 0, got " + x);
        }
        return x;
    }

    /** @return {@code k} if {@code k ≥ min} */
    public static int atLeast(String name, int k, int min) {
        if (k < min) {
            throw new InvalidInputException(name + " must be >= " + min + ", got " + k);
        }
        return k;
    }

    /** @return {@code k} if {@code min ≤ k ≤ max} */
    public static int between(String name, int k, int min, int max) {
        if (k < min || k > max) {
            throw new InvalidInputException(name + " must be between " + min + " and " + max + ", got " + k);
        }
        return k;
    }
}
