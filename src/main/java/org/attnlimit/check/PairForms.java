package org.attnlimit.check;

import java.util.Optional;
import org.attnlimit.calculus.Activation.Kind;

/**
 * The cited identities for {@code E[φ(U)ψ(V)]} of {@code calculus.PairKernels}, written in Symja syntax
 * over {@code v1, v2, rho, c12} and the activations' parameters ({@code @P} for φ's, {@code @Q} for ψ's in the templates),
 * so that a claim can be compared with them symbolically:
 * arc-cosine kernels of order 1 and 0 and their mixture (Cho &amp; Saul 2009), the arcsine kernel
 * (Williams 1997), Stein's lemma {@code E[U ψ(V)] = c12 E[ψ'(V)]}, and leaky-ReLU through
 * {@code LReLU_a(t) = ReLU(t) − a ReLU(−t)}. {@code PairFormsTest} checks each against the numbers.
 */
final class PairForms {
    /** The ReLU kernel K(ρ) = √(v1 v2)(√(1−ρ²) + ρ(π − arccos ρ))/(2π). */
    private static final String K = "(Sqrt(v1*v2)*(Sqrt(1-rho^2)+rho*(Pi-ArcCos(rho)))/(2*Pi))";
    /** K(−ρ). */
    private static final String K_MINUS = "(Sqrt(v1*v2)*(Sqrt(1-rho^2)-rho*(Pi-ArcCos(-rho)))/(2*Pi))";

    private PairForms() {
    }

    /** @return the identity for (φ, ψ), parameters named {@code p} and {@code q}, if one is cited */
    static Optional<String> of(Kind phi, Kind psi, String p, String q) {
        String form = ordered(phi, psi, "v1", "v2");
        if (form == null) {
            // ψ first: V has variance v2, and the placeholders swap roles
            String mirrored = ordered(psi, phi, "v2", "v1");
            form = mirrored == null ? null : mirrored.replace("@P", "@T").replace("@Q", "@P").replace("@T", "@Q");
        }
        if (form == null) {
            return Optional.empty();
        }
        return Optional.of(form.replace("@P", p == null ? "0" : p).replace("@Q", q == null ? "0" : q));
    }

    /** Forms with φ first; {@code va} is φ's argument's variance, {@code vb} ψ's. */
    private static String ordered(Kind phi, Kind psi, String va, String vb) {
        if (phi == Kind.RELU && psi == Kind.RELU) {
            return K;
        }
        if (phi == Kind.STEP && psi == Kind.STEP) {
            return "(Pi-ArcCos(rho))/(2*Pi)";
        }
        if (phi == Kind.RELU && psi == Kind.STEP) {
            return "Sqrt(" + va + ")*(1+rho)/(2*Sqrt(2*Pi))";
        }
        if (phi == Kind.ERF && psi == Kind.ERF) {
            return "2/Pi*ArcSin(2*c12/Sqrt((1+2*v1)*(1+2*v2)))";
        }
        if (phi == Kind.RELU && psi == Kind.LEAKY_RELU) {
            return K + "-@Q*" + K_MINUS;
        }
        if (phi == Kind.LEAKY_RELU && psi == Kind.LEAKY_RELU) {
            return "(1+@P*@Q)*" + K + "-(@P+@Q)*" + K_MINUS;
        }
        if (phi == Kind.IDENTITY) {
            return switch (psi) {
                case IDENTITY -> "c12";
                case RELU, GELU -> "c12/2";
                case STEP -> "c12/Sqrt(2*Pi*" + vb + ")";
                case LEAKY_RELU -> "c12*(1+@Q)/2";
                case CLIP -> "c12*(2*ncdf(@Q/Sqrt(" + vb + "))-1)";
                case ERF -> "2*c12/Sqrt(Pi*(1+2*" + vb + "))";
                default -> null;
            };
        }
        return null;
    }

}
