package org.attnlimit.verify;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The catalogue of checks, in the order of the proof (Appendix D, then C, then Section 3). */
public final class Checks {
    private Checks() {
    }

    /** @return every check with its standard cases */
    public static List<Check> all() {
        return List.of(
                new LemmaD3Check(),
                new LemmaD4Check(),
                new LemmaD5Check(),
                new LemmaD6Check(),
                new LemmaD7Check(),
                new LemmaD8Check(),
                new LemmaD9Check(),
                new PropositionD1Check(),
                new ProgramScoresCheck(),
                new ScoreScalingCheck(),
                new LemmaC4Check(),
                new PropositionC3Check(),
                new Assumption31Check(),
                new Theorem31Check(),
                new Corollary32Check(),
                new Example31Check(),
                new SamplersCheck(),
                new Remark31Check(),
                new Remark32Check());
    }

    /** @return the check with this name */
    public static Optional<Check> named(String name) {
        return all().stream().filter(c -> c.name().equalsIgnoreCase(name.trim())).findFirst();
    }

    /** @return the names of all checks, comma-separated */
    public static String names() {
        return all().stream().map(Check::name).collect(Collectors.joining(", "));
    }
}
