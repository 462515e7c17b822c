package org.attnlimit.check;

import org.attnlimit.calculus.InvalidInputException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attnlimit.limit.ProgramLaw;
import org.attnlimit.program.CovarianceEntry;
import org.attnlimit.program.Program;
import org.attnlimit.program.ProgramLimit;

/**
 * An entry of a program's infinite-width limit (Definition 3.1): {@code Cov(a, b)} of two vectors
 * (A) or two scores (B, the Isserlis covariance of {@code p̊}), {@code Var(a)}, {@code E(a)} or
 * {@code E(a*b)}, read off {@link ProgramLimit#table()} with its error bound; for a vector that depends
 * on the scores (Theorem 3.1's mixture), a moment of its limit law from {@link ProgramLaw}: {@code E(y)},
 * {@code Var(y)}, {@code M4(y)} (central fourth moment), {@code Kurt(y)} (excess kurtosis), and
 * {@code Cov(y1, y2)} — with the law's relative error estimate (an estimate, not a proven bound). It has
 * no parameters: the claim is a number (or a formula without free symbols) at the program's values.
 */
public final class ProgramEntry implements Quantity {
    private static final Pattern ENTRY = Pattern.compile("\\s*(Cov|Var|E|M4|Kurt)\\s*[(\\[]\\s*(.*?)\\s*[)\\]]\\s*");
    private final String title;
    private final String entry;
    private final String latex;
    private final Truth truth;

    private ProgramEntry(String title, String entry, String latex, Truth truth) {
        this.title = title;
        this.entry = entry;
        this.latex = latex;
        this.truth = truth;
    }

    /**
     * Reads the program and looks the entry up.
     *
     * @throws IllegalArgumentException for a bad program, a malformed entry or a name the program lacks
     */
    public static ProgramEntry of(Path file, String entry) {
        if (entry == null || entry.isBlank()) {
            throw new InvalidInputException("a program claim needs an entry, e.g. Cov(p1, p2)");
        }
        ProgramLimit limit = ProgramLimit.of(Program.read(file));
        return of(file.getFileName().toString(), limit, entry);
    }

    static ProgramEntry of(String title, ProgramLimit limit, String entry) {
        Matcher m = ENTRY.matcher(entry);
        if (!m.matches()) {
            throw new InvalidInputException("entry '" + entry + "' is not Cov(a, b), Var(a), E(a), E(a*b), M4(y) or Kurt(y)");
        }
        String op = m.group(1);
        String inside = m.group(2);
        List<String> names = List.of(inside.split(op.equals("Cov") ? "\\s*,\\s*" : "\\s*[*\\s]\\s*"));
        for (String n : names) {
            if (limit.program().definition(n).isEmpty()) {
                throw new InvalidInputException("entry '" + entry + "': the program has no vector or score '" + n + "'");
            }
        }
        String shownEntry = op + "(" + String.join(op.equals("Cov") ? ", " : "*", names) + ")";
        if (op.equals("M4") || op.equals("Kurt") || names.stream().anyMatch(n -> limit.program().isScoreDependent(n))) {
            return new ProgramEntry(title, shownEntry, texOf(op, names), law(limit.program(), op, names, entry));
        }
        List<CovarianceEntry> table = limit.table();
        Truth t;
        String a = names.get(0);
        String b = names.size() > 1 ? names.get(1) : a;
        switch (op) {
            case "Cov":
                if (names.size() != 2) {
                    throw new InvalidInputException("entry '" + entry + "': Cov takes two names, e.g. Cov(p1, p2)");
                }
                t = covariance(limit, table, a, b);
                break;
            case "Var":
                if (names.size() != 1) {
                    throw new InvalidInputException("entry '" + entry + "': Var takes one name");
                }
                t = covariance(limit, table, a, a);
                break;
            default:
                if (names.size() > 2) {
                    throw new InvalidInputException("entry '" + entry + "': E takes one name or a product of two");
                }
                t = names.size() == 1 ? mean(table, a) : second(table, a, b);
        }
        return new ProgramEntry(title, shownEntry, texOf(op, names), t);
    }

    /** A moment of the limit law (Theorem 3.1), with ProgramLaw's relative error estimate. */
    private static Truth law(Program program, String op, List<String> names, String entry) {
        if (names.size() > (op.equals("Cov") ? 2 : 1) || (op.equals("Cov") && names.size() != 2)) {
            throw new InvalidInputException("entry '" + entry + "': of a law, Cov takes two vectors, E, Var, M4 and Kurt one");
        }
        ProgramLaw law = ProgramLaw.of(program, names);
        String method = "limit law (Theorem 3.1), relative error estimate";
        if (op.equals("Cov")) {
            ProgramLaw.Joint j = law.joint();
            double c = j.covariance()[0][1];
            double scale = Math.sqrt(j.covariance()[0][0] * j.covariance()[1][1]);
            return new Truth(c, j.relativeError() * scale, method);
        }
        ProgramLaw.Moments m = law.moments(names.get(0));
        double sd = Math.sqrt(m.variance());
        return switch (op) {
            case "E" -> new Truth(m.mean(), m.relativeError() * Math.max(Math.abs(m.mean()), sd), method);
            case "Var" -> new Truth(m.variance(), m.relativeError() * m.variance(), method);
            case "M4" -> new Truth(m.fourthMoment(), m.relativeError() * m.fourthMoment(), method);
            // κ = M4/σ⁴ − 3: relative errors ε of M4 and σ² give |δκ| ≤ (κ + 3)·3ε to first order
            default -> new Truth(m.excessKurtosis(), 3 * m.relativeError() * (Math.abs(m.excessKurtosis()) + 3), method);
        };
    }

    private static Truth covariance(ProgramLimit limit, List<CovarianceEntry> table, String a, String b) {
        Optional<CovarianceEntry> direct = find(table, a, b, "score", "matmul", "input");
        if (direct.isPresent()) {
            return of(direct.get());
        }
        Optional<CovarianceEntry> ab = find(table, a, b, "nonlin");
        if (ab.isPresent()) {
            Truth ma = mean(table, a);
            Truth mb = mean(table, b);
            Truth s = of(ab.get());
            double bound = s.bound() + Math.abs(ma.value()) * mb.bound() + Math.abs(mb.value()) * ma.bound() + ma.bound() * mb.bound();
            return new Truth(s.value() - ma.value() * mb.value(), bound, s.method());
        }
        double value = limit.covariance(a, b);
        if (value == 0) {
            return new Truth(0, 0, "structural zero (Definition 3.1)");
        }
        throw new InvalidInputException("Cov(" + a + ", " + b + ") has no error bound in the program's table; "
                + "'attnlimit program FILE' lists the entries that do");
    }

    private static Truth mean(List<CovarianceEntry> table, String a) {
        return find(table, a, a, "mean", "input-mean").map(ProgramEntry::of).orElse(new Truth(0, 0, "centred"));
    }

    private static Truth second(List<CovarianceEntry> table, String a, String b) {
        return find(table, a, b, "nonlin").map(ProgramEntry::of).orElseThrow(() -> new InvalidInputException(
                "E(" + a + "*" + b + ") is not in the program's table (products of Nonlin outputs are)"));
    }

    private static Optional<CovarianceEntry> find(List<CovarianceEntry> table, String a, String b, String... kinds) {
        for (CovarianceEntry e : table) {
            boolean names = (e.a().equals(a) && e.b().equals(b)) || (e.a().equals(b) && e.b().equals(a));
            if (names && List.of(kinds).contains(e.kind())) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    private static Truth of(CovarianceEntry e) {
        return new Truth(e.value(), e.errorBound(), e.method());
    }

    private static String texOf(String op, List<String> names) {
        String args = names.stream().map(n -> n.replaceAll("^([A-Za-z]+)(\\d+)$", "$1_{$2}")).reduce((x, y) -> x
                + (op.equals("Cov") ? ", " : "\\,") + y).orElse("");
        return switch (op) {
            case "Cov" -> "\\operatorname{Cov}(" + args + ")";
            case "Var" -> "\\operatorname{Var}(" + args + ")";
            case "M4" -> "\\mathbb{E}[(" + args + "-\\mathbb{E}" + args + ")^4]";
            case "Kurt" -> "\\operatorname{Kurt}(" + args + ")-3";
            default -> "\\mathbb{E}[" + args + "]";
        };
    }

    @Override
    public String text() {
        return entry + " in the limit of " + title;
    }

    @Override
    public String latex() {
        return latex;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public Map<String, Double> fixed() {
        return Map.of();
    }

    @Override
    public Truth truth(double[] x) {
        return truth;
    }

    @Override
    public Optional<String> derived() {
        return Optional.empty();
    }
}
