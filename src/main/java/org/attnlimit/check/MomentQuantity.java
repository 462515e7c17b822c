package org.attnlimit.check;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Expectation;
import org.attnlimit.calculus.GaussianExpectations;
import org.attnlimit.symbolic.ClosedFormCatalogue;

/**
 * {@code E[φ(Z)^k]} for {@code Z ~ N(μ, v)} as a function of {@code mu}, {@code v} and the activation's
 * parameter ({@code c} for clip, {@code a} for leaky-ReLU). The tool's value is the numeric fast path
 * ({@link GaussianExpectations#moment}: the truncated-Gaussian identity for piecewise-linear φ, split
 * quadrature otherwise); the derived form is the catalogue's, derived by Symja.
 */
public final class MomentQuantity implements Quantity {
    private final Activation.Kind kind;
    private final int k;
    private final List<Parameter> parameters = new ArrayList<>();
    private final Map<String, Double> fixed;

    /**
     * @param phi the activation
     * @param parameterFixed whether the spec gave the parameter ({@code clip:c=2}: c fixed) or left it free ({@code clip})
     * @param k the moment, 1..4
     */
    public MomentQuantity(Activation phi, boolean parameterFixed, int k) {
        if (k < 1 || k > 4) {
            throw new InvalidInputException("the moment order must be between 1 and 4, got " + k);
        }
        this.kind = phi.kind();
        this.k = k;
        parameters.add(Parameter.mu());
        parameters.add(Parameter.v());
        String p = kind.parameterName();
        if (p != null) {
            parameters.add(kind == Activation.Kind.CLIP ? Parameter.clip(p) : Parameter.slope(p));
        }
        fixed = p != null && parameterFixed ? Map.of(p, phi.parameter()) : Map.of();
    }

    @Override
    public String text() {
        return "E[" + name() + "(Z)" + (k == 1 ? "" : "^" + k) + "], Z ~ N(mu, v)";
    }

    @Override
    public String latex() {
        return "\\mathbb{E}[" + ActivationNames.latex(kind, kind.parameterName()) + "(Z)" + (k == 1 ? "" : "^{" + k + "}") + "]";
    }

    private String name() {
        return ActivationNames.text(kind, kind.parameterName());
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
        Activation phi = new Activation(kind, parameters.size() > 2 ? x[2] : Double.NaN);
        Expectation e = GaussianExpectations.moment(phi, k, x[0], x[1]);
        return new Truth(e.value(), e.errorBound(), e.method().label());
    }

    @Override
    public Optional<String> derivedText(Map<String, Double> at) {
        if (Double.valueOf(0).equals(at.get("mu")) && Double.valueOf(1).equals(at.get("v")) && !at.containsKey(kind.parameterName())) {
            return ClosedFormCatalogue.shared().entry(kind, k).map(ClosedFormCatalogue.Entry::text);
        }
        return Optional.empty();
    }

    @Override
    public Optional<String> derived() {
        return ClosedFormCatalogue.shared().entry(kind, k).map(ClosedFormCatalogue.Entry::general);
    }
}
