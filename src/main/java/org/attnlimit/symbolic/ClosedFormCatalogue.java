package org.attnlimit.symbolic;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;

/**
 * The closed forms of {@code E[φ(Z)^k]}, {@code k = 1..4}, for the piecewise-linear activations of the
 * catalogue (identity, clip, ReLU, step, leaky-ReLU), derived once by Symja ({@link SymjaClosedForms})
 * and shipped as the resource {@code closed-forms.tsv}: the form at {@code Z ~ N(0, 1)} with its LaTeX
 * (what {@code attnlimit expect} prints), the form in μ and v, and both compiled to
 * {@link CompiledForm}s. Reading it costs milliseconds and starts no computer algebra, where a
 * derivation costs ~1.5 s of Symja start and integration per command.
 *
 * <p>Why a resource and not a disk cache: it is identical for every user, versioned with the code that
 * derives it, never stale and never unwritable; {@code ClosedFormCatalogueTest} re-derives every entry
 * with Symja and fails if one differs. Regenerate it with
 * {@code java -cp target/attnlimit.jar:target/lib/* org.attnlimit.symbolic.ClosedFormCatalogue src/main/resources/org/attnlimit/symbolic/closed-forms.tsv}.
 */
public final class ClosedFormCatalogue implements ClosedFormProvider {
    static final String RESOURCE = "closed-forms.tsv";
    /** The kinds the catalogue holds, in file order. */
    static final List<Activation.Kind> KINDS = List.of(Activation.Kind.IDENTITY, Activation.Kind.CLIP,
            Activation.Kind.RELU, Activation.Kind.STEP, Activation.Kind.LEAKY_RELU);
    static final int MAX_MOMENT = 4;
    private static volatile ClosedFormCatalogue shared;

    /**
     * One derived form.
     *
     * @param kind the activation
     * @param k the moment
     * @param formula {@code E[φ(Z)^k]} at {@code Z ~ N(0, 1)}, Symja syntax with ncdf, npdf
     * @param latex its LaTeX
     * @param generalLatex the form in μ and v, LaTeX
     * @param general the form in {@code mu}, {@code v} and the activation's parameter, Symja syntax
     * @param formulaForm {@code formula} compiled
     * @param generalForm {@code general} compiled
     */
    public record Entry(Activation.Kind kind, int k, String formula, String latex, String generalLatex, String general,
            CompiledForm formulaForm, CompiledForm generalForm) {

        /** @return the form at N(0, 1) with Φ and φ, as {@code expect} prints it */
        public String text() {
            return Rendering.text(formula);
        }
    }

    private final Map<Activation.Kind, Entry[]> entries;

    private ClosedFormCatalogue(Map<Activation.Kind, Entry[]> entries) {
        this.entries = entries;
    }

    /** @return the catalogue read from the class path (once per JVM) */
    public static ClosedFormCatalogue shared() {
        ClosedFormCatalogue c = shared;
        if (c == null) {
            synchronized (ClosedFormCatalogue.class) {
                c = shared;
                if (c == null) {
                    c = load();
                    shared = c;
                }
            }
        }
        return c;
    }

    /** @return the entry for {@code E[φ(Z)^k]}, if the catalogue has it */
    public Optional<Entry> entry(Activation.Kind kind, int k) {
        Entry[] e = entries.get(kind);
        return e == null || k < 1 || k > MAX_MOMENT ? Optional.empty() : Optional.ofNullable(e[k]);
    }

    /** @return whether {@link #moment} answers for these arguments: a catalogued activation, {@code Z ~ N(0, 1)} */
    public boolean covers(Activation phi, int k, double mean, double var) {
        return mean == 0 && var == 1 && entry(phi.kind(), k).isPresent();
    }

    @Override
    public Outcome moment(Activation phi, int k, double mean, double var) {
        if (!covers(phi, k, mean, var)) {
            return Outcome.notApplicable("not in the catalogue of derived forms (piecewise-linear phi, mean 0, variance 1)");
        }
        Entry e = entry(phi.kind(), k).orElseThrow();
        double[] x = e.formulaForm().variables().isEmpty() ? new double[0] : new double[] {phi.parameter()};
        double value = e.formulaForm().evaluate(x);
        if (!Double.isFinite(value)) {
            return Outcome.failed("the catalogued form did not evaluate to a number");
        }
        return Outcome.of(new ClosedForm(e.text(), e.latex(), e.generalLatex(), value));
    }

    // ---------------------------------------------------------------- file format

    private static ClosedFormCatalogue load() {
        try (InputStream in = ClosedFormCatalogue.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return new ClosedFormCatalogue(new EnumMap<>(Activation.Kind.class));
            }
            return read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the closed-form catalogue", e);
        }
    }

    /** Lines {@code kind TAB k TAB field TAB value}; {@code #} starts a comment. */
    static ClosedFormCatalogue read(BufferedReader reader) throws IOException {
        Map<String, Map<String, String>> fields = new HashMap<>();
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] p = line.split("\t", 4);
            fields.computeIfAbsent(p[0] + "\t" + p[1], x -> new HashMap<>()).put(p[2], p[3]);
        }
        Map<Activation.Kind, Entry[]> out = new EnumMap<>(Activation.Kind.class);
        for (Map.Entry<String, Map<String, String>> e : fields.entrySet()) {
            String[] key = e.getKey().split("\t");
            Activation.Kind kind = Activation.Kind.valueOf(key[0]);
            int k = Integer.parseInt(key[1]);
            Map<String, String> f = e.getValue();
            Entry entry = new Entry(kind, k, f.get("formula"), f.get("latex"), f.get("generalLatex"), f.get("general"),
                    CompiledForm.parse(f.get("formulaPostfix"), vars(f.get("formulaVars"))),
                    CompiledForm.parse(f.get("generalPostfix"), vars(f.get("generalVars"))));
            out.computeIfAbsent(kind, x -> new Entry[MAX_MOMENT + 1])[k] = entry;
        }
        return new ClosedFormCatalogue(out);
    }

    private static List<String> vars(String s) {
        return s == null || s.isEmpty() ? List.of() : Arrays.asList(s.split(","));
    }

    /** Derives every entry afresh with Symja (cold caches) and returns the file text. */
    static String derive(Duration timeout) {
        StringBuilder b = new StringBuilder("# E[phi(Z)^k] derived by Symja (SymjaClosedForms); regenerate with\n"
                + "# java -cp target/attnlimit.jar:target/lib/* org.attnlimit.symbolic.ClosedFormCatalogue FILE\n"
                + "# kind\tk\tfield\tvalue\n");
        try (SymjaClosedForms symja = SymjaClosedForms.uncached(timeout);
                ClaimAlgebra algebra = ClaimAlgebra.open(timeout)) {
            for (Activation.Kind kind : KINDS) {
                for (int k = 1; k <= MAX_MOMENT; k++) {
                    String[] e = symja.catalogueEntry(kind, k);
                    if (e == null) {
                        continue;
                    }
                    ParsedClaim formula = algebra.parseDerived(e[0]);
                    ParsedClaim general = algebra.parseDerived(e[3]);
                    List<String[]> rows = new ArrayList<>();
                    rows.add(new String[] {"formula", e[0]});
                    rows.add(new String[] {"latex", e[1]});
                    rows.add(new String[] {"generalLatex", e[2]});
                    rows.add(new String[] {"general", e[3]});
                    rows.add(new String[] {"formulaVars", String.join(",", formula.form().variables())});
                    rows.add(new String[] {"formulaPostfix", formula.form().toPostfix()});
                    rows.add(new String[] {"generalVars", String.join(",", general.form().variables())});
                    rows.add(new String[] {"generalPostfix", general.form().toPostfix()});
                    for (String[] r : rows) {
                        b.append(kind.name()).append('\t').append(k).append('\t').append(r[0]).append('\t')
                                .append(r[1] == null ? "" : r[1].replaceAll("\\s*\\R\\s*", "").replace('\t', ' ')).append('\n');
                    }
                }
            }
        }
        return b.toString();
    }

    /** Writes the catalogue to the file named by {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: ClosedFormCatalogue FILE");
            System.exit(2);
        }
        Files.writeString(Path.of(args[0]), derive(Duration.ofSeconds(60)), StandardCharsets.UTF_8);
        System.exit(0);
    }
}
