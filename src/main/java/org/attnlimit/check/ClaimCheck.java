package org.attnlimit.check;

import org.attnlimit.calculus.InvalidInputException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.attnlimit.symbolic.ClaimAlgebra;
import org.attnlimit.symbolic.ParsedClaim;

/**
 * Checks a hand-derived claim against the tool: (1) symbolically where the tool has a closed form —
 * Symja simplifies claim − derived, and 0 means "holds identically"; (2) always numerically, on the
 * points of a {@link ParameterSpace}, within the tool's error bound plus the claim's own rounding
 * ({@link Judge}); a refuted claim gets a counterexample and a description of where it fails
 * ({@link FailureRegion}). The numbers decide: a symbolic 0 with failing numbers is reported as
 * refuted (it would mean a wrong simplification), a symbolic non-zero with passing numbers as holding
 * numerically (Symja's Simplify does not always reach 0).
 */
public final class ClaimCheck {
    private ClaimCheck() {
    }

    /**
     * A claim read and validated, ready to judge.
     *
     * @param claim the parsed claim
     * @param space where it will be judged
     */
    public record Prepared(ParsedClaim claim, ParameterSpace space) {
    }

    /**
     * Validates a parsed claim about {@code quantity} and builds its parameter space.
     *
     * @throws IllegalArgumentException if it uses an unknown symbol or a range is invalid
     */
    static Prepared prepare(ParsedClaim claim, Quantity quantity, Map<String, Ranges.Range> ranges) {
        Set<String> names = new TreeSet<>();
        quantity.parameters().forEach(p -> names.add(p.name()));
        String source = claim.source();
        for (String s : claim.symbols()) {
            if (!names.contains(s)) {
                throw new InvalidInputException("unknown symbol '" + s + "' in claim '" + source + "'; "
                        + (names.isEmpty() ? quantity.text() + " has no parameters (the claim must be a number)"
                                : quantity.text() + " has parameters " + String.join(", ", orderedNames(quantity)))
                        + hint(s));
            }
        }
        return new Prepared(claim, ParameterSpace.of(quantity, claim.symbols(), ranges));
    }

    private static List<String> orderedNames(Quantity q) {
        return q.parameters().stream().map(Parameter::name).toList();
    }

    private static String hint(String symbol) {
        return switch (symbol) {
            case "e" -> " (write exp(x) for e^x)";
            case "sigma" -> " (write v for the variance, sqrt(v) for the standard deviation)";
            default -> "";
        };
    }

    /**
     * Judges a prepared claim (symbolic step through the session, then the numbers). Unless claim − derived
     * simplified to 0, the points of the space are joined by those of the search of the corners
     * ({@link CornerSearch}); with {@code exact} the claim's literals are exact numbers (no allowance for their
     * rounding).
     */
    static Verdict judge(CheckSession session, Prepared p, boolean exact) {
        ParsedClaim claim = p.claim();
        ParameterSpace space = p.space();
        Quantity q = space.quantity();
        Map<String, Double> fixed = space.fixed();
        Map<String, String> substitutions = new LinkedHashMap<>(q.substitutions());
        substitutions.putAll(space.followers());
        Optional<String> derived = q.derived().map(d -> space.followers().isEmpty() ? d
                : "((" + d + ") /. {" + String.join(",", space.followers().entrySet().stream()
                        .map(e -> e.getKey() + "->" + e.getValue()).toList()) + "})");
        Verdict.Symbolic symbolic = Verdict.Symbolic.NONE;
        String derivedText = null;
        String difference = null;
        String note = derived.isEmpty() ? "the tool has no closed form for this quantity; judged numerically" : null;
        if (derived.isPresent()) {
            // A rounded literal kept exact by Symja (1e-9 → 1/1000000000) still allows a symbolic comparison.
            boolean compare = !(claim.rounded() && claim.symja().contains("."));
            CheckSession.Symbolic s = session.symbolic(claim, derived.get(), fixed, substitutions, compare,
                    q.derivedText(fixed).orElse(null));
            derivedText = s.derivedText();
            if (!compare) {
                symbolic = Verdict.Symbolic.UNDECIDED;
                note = "the claim holds rounded numbers, so it cannot be identical; judged numerically";
            } else {
                ClaimAlgebra.Comparison c = s.comparison();
                switch (c.identity()) {
                    case IDENTICAL -> symbolic = Verdict.Symbolic.IDENTICAL;
                    case DIFFERENT -> {
                        symbolic = Verdict.Symbolic.DIFFERENT;
                        difference = c.difference();
                    }
                    default -> {
                        symbolic = Verdict.Symbolic.UNDECIDED;
                        note = "Symja did not decide: " + c.reason();
                    }
                }
            }
        }
        List<ParameterSpace.Point> points = new ArrayList<>(space.points());
        String search = null;
        if (derived.isPresent() && symbolic != Verdict.Symbolic.IDENTICAL && !space.varied().isEmpty()) {
            java.util.Optional<org.attnlimit.symbolic.CompiledForm> form = session.compileDerived(derived.get());
            if (form.isPresent()) {
                CornerSearch.Result found = CornerSearch.search(claim.form(), form.get(), space, exact);
                points.addAll(found.points());
                search = found.points().size() + " found by evaluating claim - derived at " + found.evaluated()
                        + " points (" + found.breakpoints() + " breakpoints of max/min/abs added) and refining its peaks";
            }
        }
        Judge.Numbers numbers = Judge.judge(claim, space, points, exact);
        if (numbers.skipped() > 0 || numbers.limits() > 0) {
            String undefined = (numbers.limits() > 0 ? numbers.limits() + " point(s) where the claim is undefined judged by its limit"
                    + " from inside the range" : "") + (numbers.skipped() > 0 ? (numbers.limits() > 0 ? "; " : "") + numbers.skipped()
                    + " point(s) skipped: the claim is undefined there and has no limit" : "");
            search = search == null ? undefined : search + "; " + undefined;
        }
        List<Verdict.PointResult> results = numbers.results();
        int failures = (int) results.stream().filter(r -> !r.holds()).count();
        int grid = (int) numbers.grid().stream().filter(b -> b).count();
        Comparator<Verdict.PointResult> byRatio = Comparator.comparingDouble(Verdict.PointResult::ratio);
        Verdict.PointResult worst = results.stream().max(byRatio).orElseThrow();
        Verdict.PointResult counterexample = null;
        if (failures > 0) {
            List<Verdict.PointResult> failingGrid = new ArrayList<>();
            for (int i = 0; i < results.size(); i++) {
                if (!results.get(i).holds() && numbers.grid().get(i)) {
                    failingGrid.add(results.get(i));
                }
            }
            counterexample = (failingGrid.isEmpty() ? results.stream().filter(r -> !r.holds()) : failingGrid.stream())
                    .max(byRatio).orElseThrow();
        }
        String rounding = null;
        if (failures == 0 && claim.rounded() && !exact) {
            rounding = roundingText(claim, worst);
        }
        Verdict.Status status = failures > 0 ? Verdict.Status.REFUTED
                : symbolic == Verdict.Symbolic.IDENTICAL ? Verdict.Status.HOLDS_IDENTICALLY : Verdict.Status.HOLDS;
        if (failures > 0 && symbolic == Verdict.Symbolic.IDENTICAL) {
            note = "Symja simplified claim - derived to 0, but the numbers disagree; the numbers decide";
        }
        Map<String, double[]> ranges = new LinkedHashMap<>(space.ranges());
        return new Verdict(claim.source(), claim.latex(), q.text(), q.latex(), status, symbolic, derivedText, difference,
                note, ranges, fixed, results.size(), grid, failures, worst, counterexample,
                FailureRegion.describe(results, numbers.shown()), search, rounding);
    }

    /** @return {@code x} to {@code digits} significant digits, trailing zeros dropped */
    private static String significant(double x, int digits) {
        String t = String.format(java.util.Locale.ROOT, "%." + digits + "g", x);
        return t.contains("e") || !t.contains(".") ? t : t.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    private static final java.util.regex.Pattern BARE = java.util.regex.Pattern.compile("[+-]?(\\d*)\\.(\\d+)");

    /**
     * @return for a claim with numbers written to finitely many digits: "to the 1 digit written, ±0.05; value
     *     0.516059" for a bare number, "to the digits written (±…)" otherwise
     */
    private static String roundingText(ParsedClaim claim, Verdict.PointResult worst) {
        java.util.regex.Matcher m = BARE.matcher(claim.source().trim());
        double half = claim.form().variables().isEmpty() ? claim.form().literalRounding(new double[0]) : Double.NaN;
        if (m.matches()) {
            int digits = m.group(2).length();
            return String.format(java.util.Locale.ROOT, "to the %d digit%s written, ±%s; value %s (--exact reads it as exact)",
                    digits, digits == 1 ? "" : "s", Ranges.format(half), significant(worst.truth(), Math.max(6, digits + 3)));
        }
        return "to the digits written" + (Double.isFinite(half) ? " (±" + Ranges.format(half) + ")" : "")
                + " (--exact reads them as exact)";
    }
}
