package org.attnlimit.report;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mathematics' names for the few Java method names that appear in quantity labels ({@code
 * AttentionLimit.infiniteHeadVarianceByQmc()}): a table is read by people who know the paper, not the code. Known
 * names map to their quantity; any other {@code Class.method()} becomes the method's words.
 */
public final class MathNames {
    private static final Map<String, String> KNOWN = Map.of(
            "AttentionLimit.infiniteHeadVarianceByQmc()", "E[V] by RQMC over the score vector",
            "AttentionLimit.variance()", "Var y of the limit law",
            "AttentionLimit.cdf", "F of the limit law",
            "ProgramLimit.scoreCovariance", "Cov(p) from the program");
    /** {@code Class.method()}, or {@code CamelClass.member} (two capitals: a Java type, not "E.g"). */
    private static final Pattern CODE = Pattern.compile(
            "\\b[A-Z][A-Za-z0-9]*\\.([a-z][A-Za-z0-9]*)\\(\\)|\\b[A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*\\.([a-z][A-Za-z0-9]*)\\b");

    private MathNames() {
    }

    /** @return {@code label} with method names replaced by the quantities they compute */
    public static String of(String label) {
        String out = label;
        for (Map.Entry<String, String> e : KNOWN.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        Matcher m = CODE.matcher(out);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(words(m.group(1) != null ? m.group(1) : m.group(2))));
        }
        m.appendTail(b);
        return b.toString();
    }

    /** {@code infiniteHeadVariance} → "infinite head variance". */
    private static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }
}
