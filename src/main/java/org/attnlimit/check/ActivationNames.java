package org.attnlimit.check;

import org.attnlimit.calculus.Activation;

/**
 * How a claim's quantity names an activation, in plain text ({@code clip_c}, {@code lrelu_a}, {@code relu})
 * and in LaTeX; the parameter's name is a subscript of the parametrised activations.
 */
final class ActivationNames {
    private ActivationNames() {
    }

    /** @return the plain-text name of {@code kind} with parameter name {@code p} (ignored if it takes none) */
    static String text(Activation.Kind kind, String p) {
        return switch (kind) {
            case CLIP -> "clip_" + p;
            case LEAKY_RELU -> "lrelu_" + p;
            default -> kind.label();
        };
    }

    /** @return the LaTeX name of {@code kind} with parameter name {@code p} (ignored if it takes none) */
    static String latex(Activation.Kind kind, String p) {
        return switch (kind) {
            case CLIP -> "\\operatorname{clip}_{" + p + "}";
            case LEAKY_RELU -> "\\operatorname{LReLU}_{" + p + "}";
            case RELU -> "\\operatorname{ReLU}";
            case STEP -> "\\mathbf{1}_{>0}";
            case IDENTITY -> "\\mathrm{id}";
            case TANH -> "\\tanh";
            case ERF -> "\\operatorname{erf}";
            case GELU -> "\\operatorname{GELU}";
            default -> "\\operatorname{" + kind.label() + "}";
        };
    }
}
