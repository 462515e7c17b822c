package org.attnlimit.check;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a claim is about: a quantity the tool computes with an error bound, as a function of named
 * parameters ({@link MomentQuantity}, {@link PairQuantity}, {@link ProgramEntry}).
 */
public interface Quantity {

    /** @return the quantity in plain text, e.g. {@code E[clip_c(Z)^2], Z ~ N(mu, v)} */
    String text();

    /** @return the quantity in LaTeX (math mode content) */
    String latex();

    /** @return every parameter a claim may use, in the order of the coordinate arrays */
    List<Parameter> parameters();

    /** @return parameters fixed by the quantity itself (e.g. {@code c = 2} by {@code --phi clip:c=2}) */
    Map<String, Double> fixed();

    /**
     * The tool's value at a point.
     *
     * @param x one value per {@link #parameters()} entry
     */
    Truth truth(double[] x);

    /** @return the tool's closed form in Symja syntax (Φ, φ as ncdf, npdf) over {@link #parameters()}, if it has one */
    Optional<String> derived();

    /** @return the derived form at the fixed parameters in plain text, when the quantity knows a shorter one than substitution gives */
    default Optional<String> derivedText(Map<String, Double> fixed) {
        return Optional.empty();
    }

    /**
     * @return parameters that take another's value unless the claim mentions them or a range is given,
     *     follower → leader (ψ's leaky slope b follows φ's a when --psi is omitted)
     */
    default Map<String, String> follows() {
        return Map.of();
    }

    /** @return symbols to replace before comparing claim and derived form symbolically (e.g. c12 → rho·√(v1 v2)) */
    default Map<String, String> substitutions() {
        return Map.of();
    }

    /**
     * The tool's value and a bound on its error.
     *
     * @param value the value
     * @param bound bound on |value − exact|
     * @param method which tier answered (identity, quadrature, …)
     */
    record Truth(double value, double bound, String method) {
    }
}
