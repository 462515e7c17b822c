package org.attnlimit.calculus;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;

/**
 * An activation φ: ℝ → ℝ from the catalogue, parsed from a spec such as {@code clip:c=1},
 * {@code relu}, {@code leaky-relu:a=0.1}.
 *
 * <ul>
 *   <li>{@code identity}: φ(t) = t</li>
 *   <li>{@code clip:c=C} (C &gt; 0): φ(t) = max(−C, min(C, t)) — the paper's activation (Appendix B.1, eq. (8))</li>
 *   <li>{@code relu}: φ(t) = max(0, t)</li>
 *   <li>{@code step}: φ(t) = 1{t &gt; 0}</li>
 *   <li>{@code leaky-relu:a=A}: φ(t) = t for t ≥ 0, A·t otherwise</li>
 *   <li>{@code tanh}, {@code erf}: φ(t) = tanh t, erf t</li>
 *   <li>{@code gelu}: φ(t) = t·Φ(t)</li>
 *   <li>{@code sigmoid}: φ(t) = 1/(1 + e^{−t}), bounded in (0, 1) (sigmoid attention weights)</li>
 * </ul>
 *
 * @param kind which activation
 * @param parameter its parameter ({@code c} for clip, {@code a} for leaky-relu; NaN for none)
 */
public record Activation(Kind kind, double parameter) {

    /** The activations of the catalogue. */
    public enum Kind {
        IDENTITY("identity", null, true),
        CLIP("clip", "c", true),
        RELU("relu", null, true),
        STEP("step", null, true),
        LEAKY_RELU("leaky-relu", "a", true),
        TANH("tanh", null, false),
        ERF("erf", null, false),
        GELU("gelu", null, false),
        SIGMOID("sigmoid", null, false);

        private final String label;
        private final String parameterName;
        private final boolean piecewisePolynomial;

        Kind(String label, String parameterName, boolean piecewisePolynomial) {
            this.label = label;
            this.parameterName = parameterName;
            this.piecewisePolynomial = piecewisePolynomial;
        }

        /** @return the name used in specs, e.g. {@code leaky-relu} */
        public String label() {
            return label;
        }

        /** @return the name of the parameter, or {@code null} if the activation has none */
        public String parameterName() {
            return parameterName;
        }

        /** @return whether φ is a polynomial on each interval between breakpoints */
        public boolean piecewisePolynomial() {
            return piecewisePolynomial;
        }
    }

    private static final double SQRT_HALF = FastMath.sqrt(0.5);
    /** Smallest accepted clip parameter c (see the constructor). */
    public static final double MIN_CLIP = 1e-75;

    /** Validates the parameter. */
    public Activation {
        if (kind == null) {
            throw new InvalidInputException("activation kind is missing");
        }
        if (kind == Kind.CLIP) {
            Require.positive("clip parameter c", parameter);
            if (parameter < MIN_CLIP) {
                // E[clip_c(Z)^k] ≈ c^k for small c: below 1e-75, c^4 is not a normal double any more.
                throw new InvalidInputException("clip parameter c must be >= " + MIN_CLIP
                        + " (the moments c^k, k <= 4, underflow below it), got " + parameter);
            }
        } else if (kind == Kind.LEAKY_RELU) {
            Require.finite("leaky-relu parameter a", parameter);
        } else {
            parameter = Double.NaN;
        }
    }

    /** @return φ(t) = t */
    public static Activation identity() {
        return new Activation(Kind.IDENTITY, Double.NaN);
    }

    /** @return clip_c(t) = max(−c, min(c, t)), c &gt; 0 */
    public static Activation clip(double c) {
        return new Activation(Kind.CLIP, c);
    }

    /** @return ReLU(t) = max(0, t) */
    public static Activation relu() {
        return new Activation(Kind.RELU, Double.NaN);
    }

    /**
     * Parses a spec {@code name[:param=value]}, e.g. {@code clip:c=1}, {@code relu}, {@code leaky-relu:a=0.2}.
     * Clip's {@code c} defaults to 1 and leaky-relu's {@code a} to 0.01 when omitted.
     *
     * @throws IllegalArgumentException naming the unknown activation or parameter
     */
    public static Activation parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new InvalidInputException("activation is empty; known: " + known());
        }
        // Names are case-insensitive; values are kept as typed, so that messages echo them faithfully.
        String s = spec.trim();
        int colon = s.indexOf(':');
        String name = (colon < 0 ? s : s.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
        Kind kind = null;
        for (Kind k : Kind.values()) {
            if (k.label.equals(name) || k.name().toLowerCase(Locale.ROOT).equals(name)) {
                kind = k;
            }
        }
        if (kind == null) {
            throw new InvalidInputException("unknown activation '" + name + "'; known: " + known());
        }
        Map<String, String> params = new TreeMap<>();
        if (colon >= 0) {
            for (String kv : s.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new InvalidInputException("malformed activation parameter '" + kv
                            + "' in '" + spec + "'; expected name=value, e.g. clip:c=1");
                }
                String key = kv.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                if (params.put(key, kv.substring(eq + 1).trim()) != null) {
                    throw new InvalidInputException("parameter " + key + " is given twice in '" + spec
                            + "'; give it once, e.g. clip:c=1");
                }
            }
        }
        double value = Double.NaN;
        if (kind.parameterName != null) {
            String raw = params.remove(kind.parameterName);
            value = raw == null ? (kind == Kind.CLIP ? 1.0 : 0.01) : parseNumber(kind, raw);
        }
        if (!params.isEmpty()) {
            throw new InvalidInputException("unknown parameter '" + params.keySet().iterator().next()
                    + "' for activation '" + kind.label + "'"
                    + (kind.parameterName == null ? " (it takes none)" : " (it takes " + kind.parameterName + ")"));
        }
        return new Activation(kind, value);
    }

    private static double parseNumber(Kind kind, String raw) {
        try {
            return Numbers.parseDouble(raw);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("parameter " + kind.parameterName + " of '" + kind.label
                    + "' is not a number: '" + raw + "'");
        }
    }

    private static String known() {
        StringBuilder b = new StringBuilder();
        for (Kind k : Kind.values()) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(k.label).append(k.parameterName == null ? "" : ":" + k.parameterName + "=<value>");
        }
        return b.toString();
    }

    /** @return φ(t) */
    public double apply(double t) {
        switch (kind) {
            case IDENTITY:
                return t;
            case CLIP:
                return t > parameter ? parameter : (t < -parameter ? -parameter : t);
            case RELU:
                return t > 0 ? t : 0.0;
            case STEP:
                return t > 0 ? 1.0 : 0.0;
            case LEAKY_RELU:
                return t >= 0 ? t : parameter * t;
            case TANH:
                return FastMath.tanh(t);
            case ERF:
                return Erf.erf(t);
            case GELU:
                return 0.5 * t * Erf.erfc(-t * SQRT_HALF);
            case SIGMOID:
                // Written so that exp never overflows: e^{−|t|} ≤ 1.
                return t >= 0 ? 1.0 / (1.0 + FastMath.exp(-t)) : FastMath.exp(t) / (1.0 + FastMath.exp(t));
            default:
                throw new IllegalStateException("unreachable: " + kind);
        }
    }

    /** @return the points where φ is not smooth (kinks and jumps), sorted; empty for smooth φ */
    public double[] breakpoints() {
        switch (kind) {
            case CLIP:
                return new double[] {-parameter, parameter};
            case RELU:
            case STEP:
            case LEAKY_RELU:
                return new double[] {0.0};
            default:
                return new double[0];
        }
    }

    /** @return whether φ is bounded, as Assumption 3.1 requires of the score inputs' activations */
    public boolean isBounded() {
        return supAbs() < Double.POSITIVE_INFINITY;
    }

    /**
     * @return {@code sup_t |φ(t)|}: {@code c} for {@code clip_c}, 1 for step, tanh, erf and sigmoid, and
     *     {@code +∞} for the unbounded activations (the constant of Assumption 3.1's bounded score inputs)
     */
    public double supAbs() {
        switch (kind) {
            case CLIP:
                return Math.abs(parameter);
            case STEP:
            case TANH:
            case ERF:
            case SIGMOID:
                return 1;
            default:
                return Double.POSITIVE_INFINITY;
        }
    }

    /** @return the canonical spec, e.g. {@code clip:c=1} (parseable by {@link #parse}) */
    public String spec() {
        if (kind.parameterName == null) {
            return kind.label;
        }
        return kind.label + ":" + kind.parameterName + "=" + formatNumber(parameter);
    }

    /** @return LaTeX for φ, e.g. {@code \operatorname{clip}_{1}} */
    public String latexName() {
        switch (kind) {
            case IDENTITY:
                return "\\mathrm{id}";
            case CLIP:
                return "\\operatorname{clip}_{" + formatNumber(parameter) + "}";
            case RELU:
                return "\\operatorname{ReLU}";
            case STEP:
                return "\\mathbf{1}_{>0}";
            case LEAKY_RELU:
                return "\\operatorname{LReLU}_{" + formatNumber(parameter) + "}";
            case TANH:
                return "\\tanh";
            case ERF:
                return "\\operatorname{erf}";
            case GELU:
                return "\\operatorname{GELU}";
            case SIGMOID:
                return "\\operatorname{sigmoid}";
            default:
                throw new IllegalStateException("unreachable: " + kind);
        }
    }

    @Override
    public String toString() {
        return spec();
    }

    /** Formats a number without a trailing ".0" ({@code 1}, {@code 0.25}, {@code 1e-06}). */
    public static String formatNumber(double x) {
        if (x == Math.rint(x) && Math.abs(x) < 1e15) {
            return Long.toString((long) x);
        }
        return Double.toString(x);
    }
}
