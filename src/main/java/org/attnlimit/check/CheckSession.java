package org.attnlimit.check;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.attnlimit.symbolic.ClaimAlgebra;
import org.attnlimit.symbolic.CompiledForm;
import org.attnlimit.symbolic.DiskCache;
import org.attnlimit.symbolic.ParsedClaim;

/**
 * One checking session: a claims file is judged in it, with at most one computer-algebra session
 * ({@link ClaimAlgebra}, started on the first claim the {@link DiskCache} does not know) for all of its
 * claims.
 */
public final class CheckSession implements AutoCloseable {
    private final Duration timeout;
    private final DiskCache cache;
    private ClaimAlgebra algebra;

    private CheckSession(Duration timeout, DiskCache cache) {
        this.timeout = timeout;
        this.cache = cache;
    }

    /** @return a session using the user's cache and the given budget per Symja evaluation */
    public static CheckSession open(Duration timeout) {
        return new CheckSession(timeout, DiskCache.user("check"));
    }

    /** @return a session with the given cache (tests) */
    static CheckSession open(Duration timeout, DiskCache cache) {
        return new CheckSession(timeout, cache);
    }

    /** @return the Symja session, started now if needed */
    ClaimAlgebra algebra() {
        if (algebra == null) {
            algebra = ClaimAlgebra.open(timeout);
        }
        return algebra;
    }

    /** @return whether the computer algebra was started */
    public boolean startedAlgebra() {
        return algebra != null;
    }

    /**
     * Reads a claim (from the cache when it was read before) and builds its parameter space.
     *
     * @throws IllegalArgumentException as {@link ClaimCheck#prepare}
     */
    public ClaimCheck.Prepared prepare(String source, Quantity quantity, Map<String, Ranges.Range> ranges) {
        Set<String> names = new TreeSet<>();
        quantity.parameters().forEach(p -> names.add(p.name()));
        String[] key = {source, String.join(",", names)};
        ParsedClaim claim = cache.get("parse", key).map(p -> restore(source, p)).orElse(null);
        if (claim == null) {
            claim = algebra().parse(source, names);
            cache.put(store(claim), "parse", key);
        }
        return ClaimCheck.prepare(claim, quantity, ranges);
    }

    /** Judges a prepared claim; the symbolic comparison comes from the cache when it was made before. */
    public Verdict judge(ClaimCheck.Prepared p) {
        return ClaimCheck.judge(this, p, false);
    }

    /** Judges a prepared claim; with {@code exact}, its literals are exact numbers ({@code check --exact}). */
    public Verdict judge(ClaimCheck.Prepared p, boolean exact) {
        return ClaimCheck.judge(this, p, exact);
    }

    /** @return the derived form compiled, or empty when it does not evaluate (the search of the corners is then skipped) */
    java.util.Optional<CompiledForm> compileDerived(String derived) {
        try {
            return java.util.Optional.of(algebra().parseDerived(derived).form());
        } catch (RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** The comparison of claim and derived form, and the derived form as shown. */
    record Symbolic(ClaimAlgebra.Comparison comparison, String derivedText) {
    }

    Symbolic symbolic(ParsedClaim claim, String derived, Map<String, Double> fixed, Map<String, String> substitutions,
            boolean compare, String knownText) {
        String[] key = {claim.symja(), derived, fixed.toString(), substitutions.toString(), Boolean.toString(compare),
                String.valueOf(knownText)};
        Properties hit = cache.get("compare", key).orElse(null);
        if (hit != null) {
            ClaimAlgebra.Comparison c = hit.getProperty("identity").isEmpty() ? null : new ClaimAlgebra.Comparison(
                    ClaimAlgebra.Identity.valueOf(hit.getProperty("identity")), blankToNull(hit.getProperty("difference")),
                    blankToNull(hit.getProperty("reason")));
            return new Symbolic(c, hit.getProperty("derivedText"));
        }
        String text = knownText != null ? knownText : algebra().derivedText(derived, fixed);
        ClaimAlgebra.Comparison c = compare ? algebra().compare(claim, derived, fixed, substitutions) : null;
        if (c == null || c.identity() != ClaimAlgebra.Identity.UNDECIDED) {   // a timeout may not repeat: not kept
            Properties p = new Properties();
            p.setProperty("identity", c == null ? "" : c.identity().name());
            p.setProperty("difference", c == null || c.difference() == null ? "" : c.difference());
            p.setProperty("reason", c == null || c.reason() == null ? "" : c.reason());
            p.setProperty("derivedText", text);
            cache.put(p, "compare", key);
        }
        return new Symbolic(c, text);
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Properties store(ParsedClaim c) {
        Properties p = new Properties();
        p.setProperty("latexInput", Boolean.toString(c.latexInput()));
        p.setProperty("symja", c.symja());
        p.setProperty("text", c.text());
        p.setProperty("latex", c.latex() == null ? "" : c.latex());
        p.setProperty("variables", String.join(",", c.form().variables()));
        p.setProperty("postfix", c.form().toPostfix());
        p.setProperty("symbols", String.join(",", c.symbols()));
        return p;
    }

    private static ParsedClaim restore(String source, Properties p) {
        try {
            List<String> vars = split(p.getProperty("variables"));
            CompiledForm form = CompiledForm.parse(p.getProperty("postfix"), vars);
            return new ParsedClaim(source, Boolean.parseBoolean(p.getProperty("latexInput")), p.getProperty("symja"),
                    p.getProperty("text"), blankToNull(p.getProperty("latex")), form, new TreeSet<>(split(p.getProperty("symbols"))));
        } catch (RuntimeException e) {
            return null;   // a damaged entry is a miss
        }
    }

    private static List<String> split(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split(","));
    }

    @Override
    public void close() {
        if (algebra != null) {
            algebra.close();
        }
    }
}
