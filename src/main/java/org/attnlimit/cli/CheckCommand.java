package org.attnlimit.cli;

import org.attnlimit.calculus.InvalidInputException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.Require;
import org.attnlimit.check.CheckSession;
import org.attnlimit.check.ClaimCheck;
import org.attnlimit.check.MomentQuantity;
import org.attnlimit.check.PairQuantity;
import org.attnlimit.check.ProgramEntry;
import org.attnlimit.check.Quantity;
import org.attnlimit.check.Ranges;
import org.attnlimit.check.Verdict;
import org.attnlimit.report.CheckReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code attnlimit check}: judges hand-derived formulas against the tool — symbolically where a closed
 * form is known, always numerically over parameter ranges — and prints a verdict per claim with a
 * counterexample for each refuted one. Parses, validates and prints; the judging is in {@code check}.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 100,
        description = {
            "Checks a hand-derived formula (a claim) against attnlimit's own values. What it is about:",
            "  --phi ACT --moment K         E[phi(Z)^K], Z ~ N(mu, v): a function of mu, v, c (clip), a (leaky)",
            "  --phi ACT --pair [--psi ACT] E[phi(U) psi(V)]: a function of v1, v2, rho (or the covariance c12)",
            "  --program FILE --entry E     a program's limit (Definition 3.1): Cov(a, b), Var(a), E(a), E(a*b);",
            "                               a score-dependent vector's law (Theorem 3.1): E, Var, M4, Kurt, Cov",
            "Claims are written in Mathematica-like syntax (2*Phi(c)-1, Sqrt[v1*v2], arccos(rho), pi, exp,",
            "erf) or in LaTeX (\\Phi, \\varphi, \\frac, \\sqrt, \\arccos, \\pi, implicit products); Phi and phi",
            "are the standard normal cdf and pdf. A decimal such as 0.06876581 stands for +- half a unit in",
            "its last digit, since numbers copied from a paper or a printout are rounded (write 1/2, not 0.5,",
            "for an exact half; --exact reads every number as written). The verdict of a claim that holds",
            "only within that rounding says so ('holds to the 1 digit written, +-0.05; value 0.516059').",
            "",
            "How a claim is judged: (1) where the tool has a closed form, Symja simplifies claim - derived;",
            "0 means 'holds identically'. (2) Always numerically, on a grid plus random points of the",
            "parameter ranges, edges included (rho = +-1, c -> 0 and large c, v -> 0), within the tool's",
            "error bound plus the claim's rounding; the worst point is reported. A refuted claim gets a",
            "counterexample and where it fails (e.g. 'fails for rho < 0 only'). Parameters the claim does",
            "not mention stay at mu = 0, v = 1, v1 = v2 = 1, rho = 0, c = 1, a = 0.01 unless --param sets",
            "them. Default ranges: mu in [-3, 3], v in [1e-4, 4], c in [0.01, 20], a in [-1, 1],",
            "v1, v2 in [0.001, 4], rho in [-1, 1]. What Symja said is kept in the user's cache directory,",
            "so checking the same claims again starts no computer algebra."
        },
        footerHeading = "%nExamples:%n",
        footer = {
            "  attnlimit check --phi clip --moment 2 --claim '2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))'",
            "  attnlimit check --phi relu --pair \\",
            "      --claim 'sqrt(v1*v2)*(sqrt(1-rho^2)+rho*(pi-arccos(rho)))/(2*pi)'",
            "  attnlimit check --phi clip --moment 2 --claim '2\\Phi(c)-1-2c\\varphi(c)+2c^2(1-\\Phi(c))'",
            "  attnlimit check --program theory/programs/crosswise.netsor --entry 'Cov(p1, p2)' \\",
            "      --claim '-0.06876581'",
            "  attnlimit check --phi clip --moment 2 --param c=0.05:20 --claim '...' --format latex",
            "  attnlimit check --file claims.txt    one claim per line; a line may start with its own",
            "      options (--phi relu --pair --claim '...'); # starts a comment"
        })
public final class CheckCommand implements Callable<Integer> {

    /** The options that say what a claim is about: on the command line, and on each line of --file. */
    static final class ClaimOptions {
        @Option(names = "--claim", paramLabel = "FORMULA", description = "The claim, e.g. '2*Phi(c)-1-2*c*phi(c)+2*c^2*(1-Phi(c))'.")
        String claim;

        @Option(names = "--phi", paramLabel = "ACT",
                description = "Activation: clip, relu, step, identity, leaky-relu, tanh, erf, gelu; clip:c=2 fixes c.")
        String phi;

        @Option(names = "--moment", paramLabel = "K", description = "The claim is E[phi(Z)^K], K = 1..4 (default 2).")
        Integer moment;

        @Option(names = "--pair", description = "The claim is E[phi(U) psi(V)].")
        boolean pair;

        @Option(names = "--psi", paramLabel = "ACT", description = "Second activation for --pair (default: phi, sharing its parameter).")
        String psi;

        @Option(names = "--program", paramLabel = "FILE", description = "A .netsor program; the claim is --entry of its limit.")
        Path program;

        @Option(names = "--entry", paramLabel = "ENTRY",
                description = "Cov(a, b), Var(a), E(a), E(a*b) of --program; M4(y), Kurt(y) of a score-dependent y.")
        String entry;

        @Option(names = "--param", paramLabel = "NAME=LO:HI", split = ",",
                description = "A parameter range (c=0.05:20) or value (mu=0.5); repeatable.")
        List<String> params = new ArrayList<>();

        /** @return these options with {@code line}'s on top (a line's value wins; ranges merge by name) */
        ClaimOptions with(ClaimOptions line) {
            ClaimOptions o = new ClaimOptions();
            o.claim = line.claim != null ? line.claim : claim;
            o.phi = line.phi != null ? line.phi : phi;
            o.moment = line.moment != null ? line.moment : moment;
            o.pair = line.pair || pair;
            o.psi = line.psi != null ? line.psi : psi;
            o.program = line.program != null ? line.program : program;
            o.entry = line.entry != null ? line.entry : entry;
            Map<String, String> merged = new LinkedHashMap<>();
            for (List<String> ps : List.of(params, line.params)) {
                for (String p : ps) {
                    merged.put(p.contains("=") ? p.substring(0, p.indexOf('=')).trim() : p, p);
                }
            }
            o.params = new ArrayList<>(merged.values());
            return o;
        }
    }

    @Spec
    CommandSpec spec;

    @Mixin
    ClaimOptions options = new ClaimOptions();

    @Option(names = "--file", paramLabel = "FILE", description = "Claims, one per line (same options; a line may add its own).")
    Path file;

    @Mixin
    SharedOptions.FormatOption format = new SharedOptions.FormatOption(Format.text,
            "Output: ${FORMATS}; latex is a booktabs table.", Format.json, Format.latex);

    @Option(names = "--exact", description = "Read the numbers in the claims as exact (by default 0.5 stands for"
            + " [0.45, 0.55], rounded to the digits written, and the verdict says so).")
    boolean exact;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "20",
            description = "Budget per Symja evaluation (parsing, simplifying) (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** A claim with what it is about, and where it came from (for messages). */
    private record Item(String where, String claim, Quantity quantity, Map<String, Ranges.Range> ranges) {
    }

    @Override
    public Integer call() {
        Require.atLeast("--timeout", timeoutSeconds, 1);
        Format fmt = format.get();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        List<Item> items = validate();
        // One session for every claim: Symja starts at the first claim the cache does not know.
        try (CheckSession session = CheckSession.open(timeout)) {
            List<ClaimCheck.Prepared> prepared = new ArrayList<>();
            for (Item item : items) {
                try {
                    prepared.add(session.prepare(item.claim(), item.quantity(), item.ranges()));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(item.where() + e.getMessage(), e);
                }
            }
            List<Verdict> verdicts = new ArrayList<>();
            for (ClaimCheck.Prepared p : prepared) {
                verdicts.add(session.judge(p, exact));
            }
            PrintWriter out = spec.commandLine().getOut();
            switch (fmt) {
                case json -> out.println(CheckReport.json(verdicts));
                case latex -> out.print(CheckReport.latex(verdicts));
                default -> out.print(CheckReport.text(verdicts));
            }
            out.flush();
            boolean refuted = verdicts.stream().anyMatch(v -> v.status() == Verdict.Status.REFUTED);
            return (refuted ? ExitCode.REFUTED : ExitCode.OK).code();
        }
    }

    /** Reads every claim and what it is about; bad input fails here, before anything is judged. */
    private List<Item> validate() {
        List<Item> out = new ArrayList<>();
        Map<String, Quantity> programs = new HashMap<>();
        if (file != null) {
            if (options.claim != null) {
                throw new InvalidInputException("--claim and --file exclude each other (put the claim in the file)");
            }
            List<String> lines = readLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String where = file.getFileName() + ":" + (i + 1) + ": ";
                try {
                    ClaimOptions own = line.startsWith("--") ? parseLine(line) : claimOnly(line);
                    if (own.program != null && !own.program.isAbsolute()) {
                        // a program named in the claims file is found beside it, wherever check runs from; a
                        // claims file written for the folder check runs in (the older rule) still reads there
                        Path beside = file.toAbsolutePath().getParent().resolve(own.program).normalize();
                        if (java.nio.file.Files.exists(beside) || !java.nio.file.Files.exists(own.program)) {
                            own.program = beside;
                        }
                    }
                    ClaimOptions o = options.with(own);
                    out.add(item(where, o, programs));
                } catch (InvalidInputException e) {
                    throw new InvalidInputException(where + e.getMessage(), e);
                } catch (CommandLine.ParameterException e) {
                    throw new InvalidInputException(where + e.getMessage(), e);
                }
            }
            if (out.isEmpty()) {
                throw new InvalidInputException(file + " holds no claims (one per line; # starts a comment)");
            }
        } else {
            if (options.claim == null) {
                throw new InvalidInputException("no claim: give --claim FORMULA or --file FILE");
            }
            out.add(item("", options, programs));
        }
        return out;
    }

    private static Item item(String where, ClaimOptions o, Map<String, Quantity> programs) {
        if (o.claim == null || o.claim.isBlank()) {
            throw new InvalidInputException("no claim (use --claim FORMULA, or put the formula on the line)");
        }
        Map<String, Ranges.Range> ranges;
        try {
            ranges = Ranges.parse(o.params);
        } catch (InvalidInputException e) {
            throw new InvalidInputException("--param: " + e.getMessage());
        }
        Quantity q;
        if (o.program != null) {
            if (o.phi != null || o.pair || o.moment != null || o.psi != null) {
                throw new InvalidInputException("--program excludes --phi, --psi, --moment and --pair");
            }
            if (o.entry == null) {
                throw new InvalidInputException("--program needs --entry, e.g. --entry 'Cov(p1, p2)'");
            }
            String key = o.program.toAbsolutePath().normalize() + "\n" + o.entry;
            q = programs.get(key);
            if (q == null) {
                q = ProgramEntry.of(o.program, o.entry);
                programs.put(key, q);
            }
        } else {
            if (o.entry != null) {
                throw new InvalidInputException("--entry needs --program FILE");
            }
            if (o.phi == null) {
                throw new InvalidInputException("say what the claim is about: --phi ACT [--moment K | --pair [--psi ACT]]"
                        + " or --program FILE --entry ENTRY");
            }
            Activation phi = Activation.parse(o.phi);
            boolean phiFixed = o.phi.contains(":");
            if (o.pair) {
                if (o.moment != null) {
                    throw new InvalidInputException("--moment and --pair exclude each other");
                }
                Activation psi = o.psi == null ? null : Activation.parse(o.psi);
                q = new PairQuantity(phi, phiFixed, psi, o.psi != null && o.psi.contains(":"));
            } else {
                if (o.psi != null) {
                    throw new InvalidInputException("--psi needs --pair");
                }
                q = new MomentQuantity(phi, phiFixed, o.moment == null ? 2 : Require.between("--moment", o.moment, 1, 4));
            }
        }
        return new Item(where, o.claim, q, ranges);
    }

    private static ClaimOptions claimOnly(String line) {
        ClaimOptions o = new ClaimOptions();
        o.claim = line;
        return o;
    }

    private static ClaimOptions parseLine(String line) {
        ClaimOptions o = new ClaimOptions();
        CommandLine cl = new CommandLine(o);
        cl.parseArgs(tokens(line).toArray(new String[0]));
        return o;
    }

    /** Splits a line like a shell: whitespace separates, single or double quotes group. */
    static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        boolean any = false;
        for (char ch : line.toCharArray()) {
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else {
                    cur.append(ch);
                }
            } else if (ch == '\'' || ch == '"') {
                quote = ch;
                any = true;
            } else if (Character.isWhitespace(ch)) {
                if (any || cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    any = false;
                }
            } else {
                cur.append(ch);
            }
        }
        if (quote != 0) {
            throw new InvalidInputException("unclosed quote in '" + line + "'");
        }
        if (any || cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static List<String> readLines(Path f) {
        try {
            return Files.readAllLines(f, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("claims file " + f + " does not exist");
        } catch (IOException e) {
            throw new InvalidInputException("cannot read claims file " + f + ": " + e.getMessage());
        }
    }
}
