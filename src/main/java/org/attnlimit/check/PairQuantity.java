package org.attnlimit.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;

/**
 * {@code E[φ(U)ψ(V)]} for centred Gaussian {@code (U, V)} with variances {@code v1, v2} and correlation
 * {@code rho} (covariance {@code c12 = rho·√(v1 v2)}), and the activations' parameters. The tool's value
 * is {@link GaussianExpectations#pair} (cited identity or nested quadrature); the derived form is the
 * cited identity of {@link PairForms}, where there is one.
 */
public final class PairQuantity implements Quantity {
    private final Activation phi;
    private final Activation psi;
    private final String phiParameter;
    private final String psiParameter;
    private final boolean shared;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Map<String, Double> fixed = new LinkedHashMap<>();
    private final int phiIndex;
    private final int psiIndex;

    /**
     * @param phi the first activation
     * @param phiFixed whether its spec gave its parameter
     * @param psi the second activation, or {@code null} for "the same as phi" (sharing its parameter)
     * @param psiFixed whether psi's spec gave its parameter
     */
    public PairQuantity(Activation phi, boolean phiFixed, Activation psi, boolean psiFixed) {
        this.phi = phi;
        this.shared = psi == null;
        this.psi = psi == null ? phi : psi;
        parameters.add(Parameter.pairVariance("v1"));
        parameters.add(Parameter.pairVariance("v2"));
        parameters.add(Parameter.rho());
        parameters.add(Parameter.c12());
        phiParameter = phi.kind().parameterName();
        phiIndex = phiParameter == null ? -1 : add(phi, phiParameter, phiFixed);
        String q = this.psi.kind().parameterName();
        if (shared && phi.kind() == Activation.Kind.LEAKY_RELU) {
            // as expect prints it: (1+ab)K(rho) - (a+b)K(-rho); b follows a unless the claim uses b
            psiParameter = "b";
            psiIndex = add(phi, "b", phiFixed);
        } else if (shared) {
            psiParameter = phiParameter;
            psiIndex = phiIndex;
        } else if (q == null) {
            psiParameter = null;
            psiIndex = -1;
        } else {
            psiParameter = q.equals(phiParameter) ? "b" : q;
            psiIndex = add(this.psi, psiParameter, psiFixed);
        }
    }

    private int add(Activation a, String name, boolean isFixed) {
        parameters.add(a.kind() == Activation.Kind.CLIP ? Parameter.clip(name) : Parameter.slope(name));
        if (isFixed) {
            fixed.put(name, a.parameter());
        }
        return parameters.size() - 1;
    }

    @Override
    public String text() {
        return "E[" + ActivationNames.text(phi.kind(), phiParameter) + "(U) " + ActivationNames.text(psi.kind(), psiParameter) + "(V)], (U, V) ~ N(0, [[v1, c12], [c12, v2]]), rho = c12/sqrt(v1 v2)";
    }

    @Override
    public String latex() {
        return "\\mathbb{E}[" + ActivationNames.latex(phi.kind(), phiParameter) + "(U)\\," + ActivationNames.latex(psi.kind(), psiParameter) + "(V)]";
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public Map<String, Double> fixed() {
        return fixed;
    }

    @Override
    public Truth truth(double[] x) {
        Activation f = phiIndex < 0 ? phi : new Activation(phi.kind(), x[phiIndex]);
        Activation g = psiIndex < 0 ? psi : new Activation(psi.kind(), x[psiIndex]);
        Expectation e = GaussianExpectations.pair(f, g, x[0], x[1], x[3]);
        return new Truth(e.value(), e.errorBound(), e.method().label());
    }

    @Override
    public Optional<String> derived() {
        return PairForms.of(phi.kind(), psi.kind(), phiParameter, psiParameter);
    }

    @Override
    public Map<String, String> follows() {
        return shared && phi.kind() == Activation.Kind.LEAKY_RELU ? Map.of("b", phiParameter) : Map.of();
    }

    @Override
    public Map<String, String> substitutions() {
        return Map.of("c12", "rho*Sqrt(v1*v2)");
    }
}
