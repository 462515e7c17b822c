package org.attnlimit.verify;

import org.attnlimit.calculus.InvalidInputException;
import java.util.Arrays;
import java.util.List;
import org.attnlimit.calculus.Activation;

/**
 * One array {@code X_{n,α} = Σ_k t_k g^{k,1}_α g^{k,2}_α} of Proposition D.1's proof: a program, the
 * Cramér–Wold weights {@code t}, and the limit it is compared with.
 *
 * @param name a label for tables
 * @param array the program
 * @param t the weights, one per score
 * @param limit the limit covariance of the scores (normally {@link ScoreLimit#of})
 */
public record ScoreCase(String name, ScoreArray array, double[] t, ScoreLimit limit) {

    /** Copies {@code t} and checks its length. */
    public ScoreCase {
        t = t.clone();
        if (t.length != array.scoreCount()) {
            throw new InvalidInputException("t has " + t.length + " entries for " + array.scoreCount() + " scores");
        }
    }

    /** @return {@code σ² = tᵀ Σ_p̊ t} */
    public double variance() {
        return limit.variance(t);
    }

    /** @return {@code T = Σ_k |t_k| σσ'} */
    public double weightScale() {
        return array.weightScale(t);
    }

    /**
     * {@code W = Σ_{kl} |t_k t_l| Σ' σ²_{W(a)} σ²_{W(b)}}, the sum running over the Isserlis products
     * {@code Ĉ(k1,l1)Ĉ(k2,l2)} and {@code Ĉ(k1,l2)Ĉ(k2,l1)} that do not vanish (both pairs share a matrix).
     * With {@code Var Ĉ_ab ≤ σ_W⁴ m4 / n} it gives {@code |E X² − σ²| ≤ W m4 / n} (Lemma D.5) and
     * {@code ‖E[X²|x] − σ²‖₂ ≤ W (c² + K_max) √(m4/n)} (Lemma D.7), sharper than the {@code 2c⁴T²}
     * of {@link ScoreMomentCheck} by the factors {@code m4/c⁴} and 2 (one product per pair survives here).
     */
    public double isserlisWeight() {
        int[][] sc = array.scores();
        int[] mat = array.gMatrix();
        double[] var = array.matrixVariance();
        double total = 0;
        for (int k = 0; k < t.length; k++) {
            for (int l = 0; l < t.length; l++) {
                double w = Math.abs(t[k] * t[l]);
                if (mat[sc[k][0]] == mat[sc[l][0]] && mat[sc[k][1]] == mat[sc[l][1]]) {
                    total += w * var[mat[sc[k][0]]] * var[mat[sc[k][1]]];
                }
                if (mat[sc[k][0]] == mat[sc[l][1]] && mat[sc[k][1]] == mat[sc[l][0]]) {
                    total += w * var[mat[sc[k][0]]] * var[mat[sc[k][1]]];
                }
            }
        }
        return total;
    }

    /** @return {@code m4 = E[φ(Z)⁴]} of the case's activation */
    public double fourthMoment() {
        return InputKernel.fourthMoment(array.phi());
    }

    /** @return {@code K_max = max_ab |K_ab|} */
    public double kernelMax() {
        double m = 0;
        for (double[] row : array.kernel()) {
            for (double v : row) {
                m = Math.max(m, Math.abs(v));
            }
        }
        return m;
    }

    /** @return {@code c = sup|φ|} */
    public double bound() {
        return array.activationBound();
    }

    /** @return the same case compared with another limit */
    public ScoreCase withLimit(ScoreLimit other) {
        return new ScoreCase(name, array, t, other);
    }

    @Override
    public double[] t() {
        return t.clone();
    }

    /**
     * The standard cases: one attention head ({@code s = 2}, {@code clip_1}) with the same-token score
     * {@code p11}, the cross-token score {@code p12} and a mixed {@code t}; the crosswise-shared program
     * ({@code ρ = 0.7}) with {@code t = (1, 1)} and {@code t = (1, −1)}.
     */
    public static List<ScoreCase> standard() {
        ScoreArray head = ScoreArray.attentionHead(Activation.clip(1), 2);
        ScoreArray cross = ScoreArray.crosswise(Activation.clip(1), 0.7);
        return List.of(
                of("head p11 (same token)", head, 1, 0, 0, 0),
                of("head p12 (cross token)", head, 0, 1, 0, 0),
                of("head t=(1,.5,-.7,.3)", head, 1, 0.5, -0.7, 0.3),
                of("crosswise t=(1,1)", cross, 1, 1),
                of("crosswise t=(1,-1)", cross, 1, -1));
    }

    static ScoreCase of(String name, ScoreArray array, double... t) {
        return new ScoreCase(name, array, t, ScoreLimit.of(array));
    }

    /** Key for the draw cache: the case's program and weights (not its limit). */
    String drawKey() {
        return array.name() + Arrays.toString(t);
    }
}
