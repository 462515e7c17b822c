package org.attnlimit.program;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attnlimit.calculus.Activation;

/**
 * The {@code block} statement of the {@code .netsor} format: one Transformer block over {@code s} token
 * vectors, written out as primitive statements (documented in {@code theory/programs/README.md}):
 *
 * <pre>
 * block NAME: IN -&gt; OUT; tokens=S, heads=H, norm=none|pre|post, normop=rmsnorm|layernorm, residual=yes|no,
 *                          mlp=none|ACTIVATION, mlpvar=V
 * </pre>
 *
 * reads the tokens {@code IN1..INS} and defines {@code OUT1..OUTS}. Per head {@code a} (fresh matrices
 * {@code NAME_WQa, NAME_WKa, NAME_WVa, NAME_WOa}, Example 3.1): {@code q_j = W^Q t_j}, {@code k_j = W^K t_j},
 * {@code u_j = W^O W^V t_j}, {@code p_ij = n^{-1/2}⟨q_i, k_j⟩}, {@code o_i = attend(p_i1..p_is; u_1..u_s)};
 * the attention output is {@code a_i = H^{-1/2} Σ_a o^a_i}. With {@code norm=pre}:
 * {@code h = x + a(norm(x))}, {@code out = h + W₂ φ(W₁ norm(h))}; with {@code norm=post}:
 * {@code h = norm(x + a(x))}, {@code out = norm(h + W₂ φ(W₁ h))}; with {@code norm=none} the same without
 * norms; {@code residual=no} drops the {@code x +} and {@code h +}; {@code mlp=none} drops the MLP. Internal
 * names start {@code NAME_}. Defaults: {@code heads=1, norm=none, normop=rmsnorm, residual=yes, mlp=none,
 * mlpvar=1}. A block whose tokens depend on scores (any block after the first) goes beyond Theorem 3.1.
 */
final class ProgramBlock {
    private static final Pattern HEADER = Pattern.compile("(" + ProgramParser.NAME + ")\\s*:\\s*(" + ProgramParser.NAME
            + ")\\s*->\\s*(" + ProgramParser.NAME + ")\\s*(?:;\\s*(.*))?");
    private static final List<String> KEYS = List.of("tokens", "heads", "norm", "normop", "residual", "mlp", "mlpvar");

    private ProgramBlock() {
    }

    /**
     * @param spec the text after {@code block}
     * @param error makes the parser's {@code line N: } error
     * @return the primitive statements, in order
     */
    static List<String> expand(String spec, Function<String, IllegalArgumentException> error) {
        Matcher m = HEADER.matcher(spec);
        if (!m.matches()) {
            throw error.apply("malformed block '" + spec + "'; expected 'block NAME: IN -> OUT; tokens=S, heads=H,"
                    + " norm=pre, mlp=relu' (tokens IN1..INS, outputs OUT1..OUTS)");
        }
        String name = m.group(1);
        String in = m.group(2);
        String out = m.group(3);
        Map<String, String> opts = new LinkedHashMap<>();
        if (m.group(4) != null && !m.group(4).isBlank()) {
            for (String kv : m.group(4).split(",")) {
                String[] p = kv.strip().split("\\s*=\\s*", 2);
                if (p.length != 2 || !KEYS.contains(p[0])) {
                    throw error.apply("unknown block option '" + kv.strip() + "'; known: " + String.join("=…, ", KEYS) + "=…");
                }
                if (opts.put(p[0], p[1].strip()) != null) {
                    throw error.apply("block option '" + p[0] + "' is given twice");
                }
            }
        }
        if (!opts.containsKey("tokens")) {
            throw error.apply("block " + name + " needs tokens=S (the number of token vectors " + in + "1.." + in + "S)");
        }
        int s = count(opts.get("tokens"), "tokens", error);
        int heads = count(opts.getOrDefault("heads", "1"), "heads", error);
        String norm = opts.getOrDefault("norm", "none").toLowerCase(Locale.ROOT);
        if (!List.of("none", "pre", "post").contains(norm)) {
            throw error.apply("block norm must be none, pre or post, got '" + norm + "'");
        }
        String normop = opts.getOrDefault("normop", "rmsnorm").toLowerCase(Locale.ROOT);
        if (!List.of("rmsnorm", "layernorm").contains(normop)) {
            throw error.apply("block normop must be rmsnorm or layernorm, got '" + normop + "'");
        }
        String residualOpt = opts.getOrDefault("residual", "yes").toLowerCase(Locale.ROOT);
        if (!List.of("yes", "no").contains(residualOpt)) {
            throw error.apply("block residual must be yes or no, got '" + residualOpt + "'");
        }
        boolean residual = residualOpt.equals("yes");
        String mlp = opts.getOrDefault("mlp", "none");
        if (!mlp.equals("none")) {
            try {
                Activation.parse(mlp);
            } catch (IllegalArgumentException e) {
                throw error.apply("block mlp: " + e.getMessage());
            }
        }
        String mlpvar = opts.getOrDefault("mlpvar", "1");
        try {
            double v = Double.parseDouble(mlpvar);
            if (!(v > 0) || Double.isInfinite(v)) {
                throw error.apply("block mlpvar must be > 0, got " + mlpvar);
            }
        } catch (NumberFormatException e) {
            throw error.apply("block mlpvar is not a number: '" + mlpvar + "'");
        }

        List<String> o = new ArrayList<>();
        String p = name + "_";
        boolean post = norm.equals("post");
        boolean pre = norm.equals("pre");
        boolean last = mlp.equals("none");
        // the attention's token inputs t_j
        String t = in;
        if (pre) {
            for (int j = 1; j <= s; j++) {
                o.add(p + "n" + j + " = " + normop + "(" + in + j + ")");
            }
            t = p + "n";
        }
        for (int a = 1; a <= heads; a++) {
            o.add("matrix " + p + "WQ" + a + " " + p + "WK" + a + " " + p + "WV" + a + " " + p + "WO" + a);
            for (int j = 1; j <= s; j++) {
                o.add(p + "q" + a + "_" + j + " = " + p + "WQ" + a + " " + t + j);
            }
            for (int j = 1; j <= s; j++) {
                o.add(p + "k" + a + "_" + j + " = " + p + "WK" + a + " " + t + j);
            }
            for (int j = 1; j <= s; j++) {
                o.add(p + "v" + a + "_" + j + " = " + p + "WV" + a + " " + t + j);
            }
            for (int j = 1; j <= s; j++) {
                o.add(p + "u" + a + "_" + j + " = " + p + "WO" + a + " " + p + "v" + a + "_" + j);
            }
            for (int i = 1; i <= s; i++) {
                for (int j = 1; j <= s; j++) {
                    o.add(p + "p" + a + "_" + i + "_" + j + " = score(" + p + "q" + a + "_" + i + ", " + p + "k" + a + "_" + j + ")");
                }
            }
            for (int i = 1; i <= s; i++) {
                StringBuilder b = new StringBuilder(p + "o" + a + "_" + i + " = attend(");
                for (int j = 1; j <= s; j++) {
                    b.append(j > 1 ? ", " : "").append(p).append("p").append(a).append('_').append(i).append('_').append(j);
                }
                b.append(';');
                for (int j = 1; j <= s; j++) {
                    b.append(j > 1 ? ", " : " ").append(p).append("u").append(a).append('_').append(j);
                }
                o.add(b.append(')').toString());
            }
        }
        // h_i: attention (head average), residual, post-norm
        for (int i = 1; i <= s; i++) {
            String target = last && !post ? out + i : p + "h" + i;
            String attn = heads == 1 ? p + "o1_" + i : headAverage(p, heads, i);
            String h = residual ? "sum(" + in + i + ", " + attn + ")" : attn;
            if (heads == 1 && !residual) {
                h = "identity(" + h + ")";   // a copy is a Nonlin
            }
            if (post) {
                o.add(p + "r" + i + " = " + h);
                o.add((last ? out + i : p + "h" + i) + " = " + normop + "(" + p + "r" + i + ")");
            } else {
                o.add(target + " = " + h);
            }
        }
        if (last) {
            return o;
        }
        // the MLP: out = h + W2 φ(W1 m), m = norm(h) (pre) or h
        String mIn = p + "h";
        if (pre) {
            for (int i = 1; i <= s; i++) {
                o.add(p + "m" + i + " = " + normop + "(" + p + "h" + i + ")");
            }
            mIn = p + "m";
        }
        o.add("matrix " + p + "W1 var=" + mlpvar);
        o.add("matrix " + p + "W2");
        for (int i = 1; i <= s; i++) {
            o.add(p + "g" + i + " = " + p + "W1 " + mIn + i);
        }
        for (int i = 1; i <= s; i++) {
            o.add(p + "f" + i + " = " + mlp + "(" + p + "g" + i + ")");
        }
        for (int i = 1; i <= s; i++) {
            o.add(p + "e" + i + " = " + p + "W2 " + p + "f" + i);
        }
        for (int i = 1; i <= s; i++) {
            String sum = residual ? "sum(" + p + "h" + i + ", " + p + "e" + i + ")" : "identity(" + p + "e" + i + ")";
            if (post) {
                o.add(p + "z" + i + " = " + sum);
                o.add(out + i + " = " + normop + "(" + p + "z" + i + ")");
            } else {
                o.add(out + i + " = " + sum);
            }
        }
        return o;
    }

    private static String headAverage(String p, int heads, int i) {
        StringBuilder b = new StringBuilder("prod(" + Double.toString(1 / Math.sqrt(heads)) + ", sum(");
        for (int a = 1; a <= heads; a++) {
            b.append(a > 1 ? ", " : "").append(p).append('o').append(a).append('_').append(i);
        }
        return b.append("))").toString();
    }

    private static int count(String v, String key, Function<String, IllegalArgumentException> error) {
        try {
            int k = Integer.parseInt(v.strip());
            if (k < 1 || k > 1000) {
                throw error.apply("block " + key + " must be between 1 and 1000, got " + k);
            }
            return k;
        } catch (NumberFormatException e) {
            throw error.apply("block " + key + " must be a positive integer, got '" + v + "'");
        }
    }
}
