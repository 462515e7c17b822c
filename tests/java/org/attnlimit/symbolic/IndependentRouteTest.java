package org.attnlimit.symbolic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;
import org.attnlimit.calculus.Activation;
import org.hipparchus.analysis.integration.IterativeLegendreGaussIntegrator;
import org.junit.jupiter.api.Test;

/**
 * {@code check} judges claims against the tool's own derivation, so an engine bug would make it refute a right
 * claim. The catalogue's closed forms ({@code E[φ(Z)^k]}, {@code Z ~ N(μ, v)}) and the program limit behind the
 * README's {@code check} example are recomputed here by a route that shares nothing with the engines: adaptive
 * Gauss–Legendre quadrature of the defining integral, split at the activation's kinks. Tolerances: the
 * integrator's relative accuracy 1e-10 (on smooth pieces it converges far below), plus the closed form's own
 * rounding bound.
 */
class IndependentRouteTest {

    @Test
    void catalogueClosedFormsAgreeWithQuadratureOfTheirDefinition() {
        ClosedFormCatalogue cat = ClosedFormCatalogue.shared();
        double[][] points = {{0, 1, 1}, {0.3, 1.7, 0.8}, {-1.2, 0.05, 2.5}, {2, 4, 0.2}};
        int compared = 0;
        for (Activation.Kind kind : ClosedFormCatalogue.KINDS) {
            for (int k = 1; k <= ClosedFormCatalogue.MAX_MOMENT; k++) {
                ClosedFormCatalogue.Entry e = cat.entry(kind, k).orElseThrow();
                for (double[] p : points) {
                    double param = kind == Activation.Kind.LEAKY_RELU ? p[2] - 1 : p[2];
                    Activation phi = kind.parameterName() == null ? new Activation(kind, Double.NaN) : new Activation(kind, param);
                    int power = k;
                    double quadrature = gaussian(x -> Math.pow(phi.apply(x), power), p[0], p[1], kinks(kind, param));
                    double[] x = new double[e.generalForm().variables().size()];
                    for (int i = 0; i < x.length; i++) {
                        String v = e.generalForm().variables().get(i);
                        x[i] = v.equals("mu") ? p[0] : v.equals("v") ? p[1] : param;
                    }
                    double[] ve = e.generalForm().evaluateWithError(x);
                    assertThat(ve[0]).as("%s k=%d at mu=%s v=%s param=%s", kind, k, p[0], p[1], param)
                            .isCloseTo(quadrature, within(1e-9 * (1 + Math.abs(quadrature)) + ve[1]));
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(ClosedFormCatalogue.KINDS.size() * ClosedFormCatalogue.MAX_MOMENT * points.length);
    }

    /**
     * The README's {@code check --program theory/programs/crosswise.netsor --entry 'Cov(p1, p2)' --claim '-0.06876581'}:
     * Definition 3.1 (B) gives {@code Cov(p1, p2) = E[x1x4]E[x2x3]} (the crosswise Isserlis product), with
     * {@code x = clip_1(h)} and {@code (h1, h4)}, {@code (h2, h3)} standard Gaussian pairs of correlation 0.6 and −0.5;
     * each factor by nested quadrature, {@code E[clip(U)clip(V)] = E_U[clip(U)·E[clip(ρU + √(1−ρ²)W) | U]]}.
     */
    @Test
    void readmeProgramEntryAgreesWithQuadrature() {
        double cov = clipProduct(0.6) * clipProduct(-0.5);
        assertThat(cov).isCloseTo(-0.06876581, within(5e-9 + 1e-10));   // the claim's last digit, plus quadrature
        org.attnlimit.program.ProgramLimit limit = org.attnlimit.program.ProgramLimit.of(
                org.attnlimit.program.Program.read(java.nio.file.Path.of("theory/programs/crosswise.netsor")));
        assertThat(limit.covariance("p1", "p2")).as("the engine's Definition 3.1 (B)").isCloseTo(cov, within(1e-9));
    }

    /** @return {@code E[clip_1(U) clip_1(V)]}, (U, V) standard with correlation {@code rho} */
    static double clipProduct(double rho) {
        double s = Math.sqrt(1 - rho * rho);
        DoubleUnaryOperator inner = u -> gaussian(w -> clip(rho * u + s * w), 0, 1,
                List.of((-1 - rho * u) / s, (1 - rho * u) / s));
        return gaussian(u -> clip(u) * inner.applyAsDouble(u), 0, 1, List.of(-1.0, 1.0));
    }

    private static double clip(double x) {
        return Math.max(-1, Math.min(1, x));
    }

    /** @return the kinks of φ, where the integrand is split */
    private static List<Double> kinks(Activation.Kind kind, double param) {
        return switch (kind) {
            case CLIP -> List.of(-param, param);
            case RELU, STEP, LEAKY_RELU -> List.of(0.0);
            default -> List.of();
        };
    }

    /** @return {@code ∫ f(x) N(x; μ, v) dx} over {@code μ ± 14√v}, split at {@code breaks} */
    static double gaussian(DoubleUnaryOperator f, double mu, double v, List<Double> breaks) {
        double sd = Math.sqrt(v);
        double lo = mu - 14 * sd;
        double hi = mu + 14 * sd;
        TreeSet<Double> cuts = new TreeSet<>(List.of(lo, hi));
        for (double b : breaks) {
            if (b > lo && b < hi) {
                cuts.add(b);
            }
        }
        List<Double> c = new ArrayList<>(cuts);
        double sum = 0;
        // a new integrator per call: an integrator keeps its function in fields, and the nested calls would share it
        IterativeLegendreGaussIntegrator integrator = new IterativeLegendreGaussIntegrator(24, 1e-12, 1e-14);
        for (int i = 0; i + 1 < c.size(); i++) {
            sum += integrator.integrate(Integer.MAX_VALUE, x -> {
                double z = (x - mu) / sd;
                return f.applyAsDouble(x) * Math.exp(-0.5 * z * z) / (sd * Math.sqrt(2 * Math.PI));
            }, c.get(i), c.get(i + 1));
        }
        return sum;
    }
}
