package org.attnlimit.limit;

import org.attnlimit.calculus.Activation;

/**
 * Facts about a nondecreasing catalogue activation φ that the distribution function of {@code φ(L)},
 * {@code L} Gaussian, needs: {@code P(φ(L) ≤ y) = P(L ≤ φ^{-1}(y))} with the generalised inverse
 * {@code φ^{-1}(y) = sup{l : φ(l) ≤ y}}, and the density {@code f_L(φ^{-1}(y)) / φ'(φ^{-1}(y))}.
 */
final class MonotoneActivation {
    private MonotoneActivation() {
    }

    /** @return whether φ is nondecreasing */
    static boolean isMonotone(Activation phi) {
        return switch (phi.kind()) {
            case IDENTITY, CLIP, RELU, STEP, TANH, ERF, SIGMOID -> true;
            case LEAKY_RELU -> phi.parameter() >= 0;
            default -> false;
        };
    }

    /** {@code sup{l : φ(l) ≤ y}} for nondecreasing φ (±∞ outside its range), by bisection. */
    static double inverse(Activation phi, double y) {
        double lo = -1;
        double hi = 1;
        while (phi.apply(lo) > y) {
            lo *= 2;
            if (lo < -1e12) {
                return Double.NEGATIVE_INFINITY;
            }
        }
        while (phi.apply(hi) <= y) {
            hi *= 2;
            if (hi > 1e12) {
                return Double.POSITIVE_INFINITY;
            }
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * Math.max(1, Math.abs(lo)); i++) {
            double mid = 0.5 * (lo + hi);
            if (phi.apply(mid) <= y) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * {@code φ'(l)} by a central difference of step {@code h = 1e-6·max(1, |l|)}; where a breakpoint of φ lies
     * within {@code h} of {@code l}, by the one-sided difference on {@code l}'s side of it instead (a central
     * difference straddling relu's kink at 0 gives {@code (l + h)/(2h)} for {@code 0 < l < h}, not 1, and so
     * doubled the density of {@code relu(L)} just above 0). At {@code l} on the breakpoint itself the right
     * side is taken: the generalised inverse {@code sup{l : φ(l) ≤ y}} lands there only from the right.
     */
    static double slope(Activation phi, double l) {
        double h = 1e-6 * Math.max(1, Math.abs(l));
        for (double k : phi.breakpoints()) {
            if (Math.abs(l - k) < h) {
                return l >= k ? (phi.apply(l + h) - phi.apply(l)) / h : (phi.apply(l) - phi.apply(l - h)) / h;
            }
        }
        return (phi.apply(l + h) - phi.apply(l - h)) / (2 * h);
    }
}
