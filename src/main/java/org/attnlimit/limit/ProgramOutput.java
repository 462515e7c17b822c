package org.attnlimit.limit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.attnlimit.calculus.InvalidInputException;
import org.attnlimit.program.Expr;
import org.attnlimit.program.ExprRewrite;
import org.attnlimit.program.GaussianIntegral;
import org.attnlimit.program.NonlinFunction;
import org.attnlimit.program.Program;

/**
 * The limit law of one output {@code Z^y} of a program (Theorem 3.1): inlined down to G-vars and scores,
 * its additive terms grouped into independent parts ({@link IndependentParts}), identical parts counted
 * once; cumulants add over the parts. The distribution function and density: Fourier inversion of the
 * Gaussian mixture when every part is conditionally Gaussian ({@link MixtureInversion}), the monotone
 * formula for {@code φ(L)}, or a convolution of one non-Gaussian single-feature part with the mixture.
 * Atoms are found by {@link AtomFinder}.
 */
final class ProgramOutput {
    /** How the distribution function is computed. */
    private enum DensityMode { GAUSSIAN_MIXTURE, MONOTONE, CONVOLUTION, NONE }

    final String name;
    final Expr inlined;
    final NonlinFunction function;
    final List<PartLaw> parts = new ArrayList<>();
    final ProgramLaw.Moments moments;
    private final LimitCovariances cov;
    private volatile MixtureInversion[] inversion;
    private volatile List<Law.Atom> atoms;
    private volatile Law.Atom mixtureAtom;
    private volatile boolean mixtureAtomDone;
    /** Whether the continuous part beside the atom is resolved (every part with an atom reads one score). */
    private boolean atomDensity = true;

    /**
     * @param name the output vector
     * @param program the (normalised) program
     * @param cov its Definition 3.1 covariances
     * @param covarianceError the relative error those covariances carry into every moment
     * @param fastHeads whether a head of Example 3.1 goes to {@link HeadQuadrature}
     */
    ProgramOutput(String name, Program program, LimitCovariances cov, double covarianceError, boolean fastHeads) {
        this.name = name;
        this.cov = cov;
        this.inlined = ExprRewrite.inline(new Expr.Ref(name), program, cov::isGVar);
        this.function = NonlinFunction.of(inlined);
        buildParts(fastHeads);
        double[] kappa = new double[5];
        double err = 0;
        boolean cg = true;
        List<String> methods = new ArrayList<>();
        for (PartLaw p : parts) {
            double[] k = cumulants(p.raw);
            for (int i = 1; i <= 4; i++) {
                kappa[i] += p.copies * k[i];
            }
            err = Math.max(err, p.error);
            cg &= p.conditionallyGaussian();
            methods.add((p.copies > 1 ? p.copies + " identical parts: " : "") + p.method);
        }
        double var = kappa[2];
        if (!(var > 0)) {
            throw new InvalidInputException("'" + name + "' has variance 0 in the limit (a point mass at "
                    + kappa[1] + "); its law is degenerate");
        }
        double fourth = kappa[4] + 3 * var * var;
        String method = (cg ? "conditionally Gaussian given the scores" : "not conditionally Gaussian")
                + (parts.size() > 1 ? "; " + parts.size() + " independent parts (cumulants add): " : ": ")
                + String.join("; ", new LinkedHashSet<>(methods));
        err += covarianceError;
        boolean below = err > ProgramLaw.TARGET || parts.stream().anyMatch(p -> p.belowTarget);
        this.moments = new ProgramLaw.Moments(kappa[1], var, fourth, kappa[4] / (var * var), err, method, cg, below);
    }

    private void buildParts(boolean fastHeads) {
        List<Expr> terms = ExprRewrite.terms(inlined);
        Map<String, PartLaw> byKey = new LinkedHashMap<>();
        for (List<Integer> indices : IndependentParts.groups(terms, function.scores(), cov)) {
            PartLaw p = PartLaw.of(ExprRewrite.sum(indices.stream().map(terms::get).toList()), cov, fastHeads);
            PartLaw same = byKey.get(p.key);
            if (same != null) {
                same.copies++;
            } else {
                byKey.put(p.key, p);
            }
        }
        for (PartLaw p : byKey.values()) {
            p.compute();
            parts.add(p);
        }
    }

    /** Cumulants {@code κ_1..κ_4} from raw moments {@code m_0..m_4}. */
    static double[] cumulants(double[] m) {
        double m1 = m[1];
        double m2 = m[2];
        double m3 = m[3];
        double m4 = m[4];
        return new double[] {0, m1, m2 - m1 * m1, m3 - 3 * m2 * m1 + 2 * m1 * m1 * m1,
            m4 - 4 * m3 * m1 - 3 * m2 * m2 + 12 * m2 * m1 * m1 - 6 * m1 * m1 * m1 * m1};
    }

    private boolean allConditionallyGaussian() {
        return parts.stream().allMatch(PartLaw::conditionallyGaussian);
    }

    private DensityMode densityMode() {
        if (allConditionallyGaussian()) {
            // A function of the scores alone (no Gaussian part) has no Gaussian mixture to invert; nor has a
            // single part whose variance vanishes with positive probability unless that atom is known.
            if (mixtureAtom() != null && (Double.isNaN(mixtureAtom().mass()) || !atomDensity)) {
                return DensityMode.NONE;
            }
            return parts.stream().anyMatch(p -> p.maxVariance() > 0) ? DensityMode.GAUSSIAN_MIXTURE : DensityMode.NONE;
        }
        List<NestedPart> non = parts.stream().filter(p -> p instanceof NestedPart).map(p -> (NestedPart) p).toList();
        if (non.size() == 1 && non.get(0).features.size() == 1) {
            NestedPart a = non.get(0);
            if (parts.size() == 1 && a.copies == 1 && a.monotone != null) {
                return DensityMode.MONOTONE;
            }
            boolean gaussianRest = parts.stream().anyMatch(p -> p.conditionallyGaussian() && p.maxVariance() > 0);
            if (parts.size() > 1 && gaussianRest && a.sc.isEmpty()) {
                return DensityMode.CONVOLUTION;
            }
        }
        return DensityMode.NONE;
    }

    /** @return whether a density formula is available */
    boolean hasDensity() {
        return densityMode() != DensityMode.NONE;
    }

    /**
     * @return how the density and CDF are computed, or why they are not (then the law is known by its moments
     *     and by draws from the hierarchical law)
     */
    String densityNote() {
        return switch (densityMode()) {
            case GAUSSIAN_MIXTURE -> "Fourier inversion of the characteristic function of the Gaussian mixture"
                    + " (error: two quadrature resolutions compared, plus the aliasing bound)";
            case MONOTONE -> "a monotone function of one conditionally Gaussian feature: F(x) = E[Phi((phi^-1(x) - m)/sqrt(v))]"
                    + " over the score nodes (no density at an atom of phi)";
            case CONVOLUTION -> "convolution of the non-Gaussian part (one Gaussian feature, composite Gauss-Legendre)"
                    + " with the inverted Gaussian-mixture parts";
            case NONE -> mixtureAtom() != null
                    ? "no density formula for this output (its conditional variance vanishes with positive"
                    + (Double.isNaN(mixtureAtom().mass()) ? " probability, an atom whose mass is not known in closed form)"
                    : " probability on a set of several scores, where the density beside the atom is not resolved)")
                    : allConditionallyGaussian()
                    ? "no density formula for this output (a function of the scores alone)"
                    : "no density formula for this output (not conditionally Gaussian, with more than one"
                    + " Gaussian feature or non-Gaussian part)";
        };
    }

    /** @return the density ({@code cumulative} false) or the CDF {@code P(Z^y ≤ y)} at {@code y}, with its error */
    Estimate density(double y, boolean cumulative) {
        DensityMode mode = densityMode();
        if (mode == DensityMode.NONE) {
            throw new InvalidInputException("'" + name + "': " + densityNote());
        }
        if (mode == DensityMode.MONOTONE) {
            return ((NestedPart) parts.get(0)).monotoneLaw(y, cumulative);
        }
        MixtureInversion[] inv = inversions();
        if (mode == DensityMode.GAUSSIAN_MIXTURE) {
            double f = cumulative ? inv[0].cdf(y) : inv[0].pdf(y);
            double c = cumulative ? inv[1].cdf(y) : inv[1].pdf(y);
            double floor = cumulative ? 1e-15 : 1e-15 * inv[0].pdf(moments.mean());
            double cut = cumulative ? inv[0].cdfTruncation(y) : inv[0].pdfTruncation(y);
            Law.Atom atom = mixtureAtom();
            if (atom != null && cumulative && y >= atom.location()) {
                return new Estimate(f + atom.mass(), Math.abs(f - c) + floor + cut + atom.error());
            }
            return new Estimate(f, Math.abs(f - c) + floor + cut);
        }
        // Convolution: E[g(y − F(L))] over the non-Gaussian part's nodes and feature.
        NestedPart a = (NestedPart) parts.stream().filter(p -> p instanceof NestedPart).findFirst().orElseThrow();
        double total = 0;
        double coarse = 0;
        double quadErr = 0;
        for (int k = 0; k < a.nodes.weights().length; k++) {
            double[] v = a.nodes.values()[k];
            double w = a.nodes.weights()[k];
            double[] q = new double[0];   // the non-Gaussian part reads no score here
            double mL = v[4];
            double sL = Math.sqrt(Math.max(0, v[5]));
            double[] bp = a.featureBreakpoints();
            GaussianIntegral.Result fr = GaussianIntegral.oneDimensional(
                    l -> g(inv[0], y - a.outer(l, q), cumulative), mL, sL, bp);
            GaussianIntegral.Result cr = GaussianIntegral.oneDimensional(
                    l -> g(inv[1], y - a.outer(l, q), cumulative), mL, sL, bp);
            total += w * fr.value();
            coarse += w * cr.value();
            quadErr += w * fr.error();
        }
        return new Estimate(total, Math.abs(total - coarse) + quadErr + 1e-15);
    }

    /**
     * The atom of a single conditionally Gaussian part whose conditional variance vanishes on a set of
     * positive probability (ReLU-weighted attention: all scores negative), or null if there is none.
     * Its mass is NaN when the set is not recognised.
     */
    private Law.Atom mixtureAtom() {
        if (!mixtureAtomDone) {
            boolean any = false;
            boolean all = true;
            boolean unknown = false;
            double mass = 1;
            for (PartLaw part : parts) {
                if (!(part instanceof GaussianPart p) || !p.vanishingVariance()) {
                    all = false;
                    continue;
                }
                any = true;
                List<String> scores = AtomFinder.reluWeightedScores(p.expr);
                if (scores.isEmpty() || !Arrays.stream(p.mu).allMatch(x -> x == 0)) {
                    unknown = true;
                    continue;
                }
                p.atom = AtomFinder.orthant(cov.scoreCovariance(scores));
                atomDensity &= p.sc.size() == 1;
                unknown |= Double.isNaN(p.atom);
                mass *= Math.pow(p.atom, p.copies);
            }
            mixtureAtom = !any ? null : unknown ? new Law.Atom(0, Double.NaN, Double.NaN)
                    : all ? new Law.Atom(0, mass, 1e-15) : null;
            mixtureAtomDone = true;
        }
        return mixtureAtom;
    }

    /** @return the atoms of this output (see {@link AtomFinder}) */
    List<Law.Atom> atoms() {
        List<Law.Atom> a = atoms;
        if (a == null) {
            a = new ArrayList<>();
            DensityMode mode = densityMode();
            if (mode != DensityMode.MONOTONE && mixtureAtom() != null && !Double.isNaN(mixtureAtom().mass())) {
                a.add(mixtureAtom());
            } else if (mode == DensityMode.MONOTONE) {
                a.addAll(((NestedPart) parts.get(0)).monotoneAtoms());
            }
            atoms = a = List.copyOf(a);
        }
        return a;
    }

    private static double g(MixtureInversion inv, double x, boolean cumulative) {
        return cumulative ? inv.cdf(x) : inv.pdf(x);
    }

    private MixtureInversion[] inversions() {
        MixtureInversion[] inv = inversion;
        if (inv == null) {
            List<MixtureInversion.Component> fine = new ArrayList<>();
            List<MixtureInversion.Component> coarse = new ArrayList<>();
            Law.Atom atom = mixtureAtom();
            for (PartLaw p : parts) {
                if (p.conditionallyGaussian()) {
                    if (p instanceof GaussianPart gp && !Double.isNaN(gp.atom)) {
                        fine.add(gp.gradedComponent(false));
                        coarse.add(gp.gradedComponent(true));
                    } else {
                        fine.add(p.component(false));
                        coarse.add(p.component(true));
                    }
                }
            }
            double atomMass = atom == null ? 0 : atom.mass();
            inv = new MixtureInversion[] {new MixtureInversion(fine, atomMass), new MixtureInversion(coarse, atomMass)};
            inversion = inv;
        }
        return inv;
    }
}
