package org.attnlimit.symbolic;

import java.util.Optional;
import java.util.Properties;
import org.attnlimit.calculus.Activation;
import org.attnlimit.calculus.ClosedForm;
import org.attnlimit.calculus.ClosedFormProvider;

/**
 * Closed forms of {@code E[φ(Z)^k]} that were derived before, so that {@code expect} starts no Symja
 * for them: the {@link ClosedFormCatalogue} (derived at build time, {@code Z ~ N(0, 1)}), and forms at
 * other means and variances that Symja derived on this machine, kept in the user's {@link DiskCache}
 * (area {@code expect}, keyed by activation kind, moment, mean, variance and tool version). A cached
 * form is shown as derived; its value is the catalogue's general form, compiled, at (μ, v) and the
 * activation's parameter — the same closed form, so {@code TieredExpectations} still checks it against
 * the numeric fast path.
 */
public final class KnownClosedForms {
    private KnownClosedForms() {
    }

    /** @return a provider that answers for these arguments without Symja, if one does */
    public static Optional<ClosedFormProvider> lookup(Activation phi, int k, double mean, double var) {
        ClosedFormCatalogue catalogue = ClosedFormCatalogue.shared();
        if (catalogue.covers(phi, k, mean, var)) {
            return Optional.of(catalogue);
        }
        Optional<ClosedFormCatalogue.Entry> entry = catalogue.entry(phi.kind(), k);
        if (entry.isEmpty() || !(var > 0)) {
            return Optional.empty();
        }
        Optional<Properties> hit = DiskCache.user("expect").get("moment", key(phi, k, mean, var));
        if (hit.isEmpty() || hit.get().getProperty("text") == null) {
            return Optional.empty();
        }
        Properties p = hit.get();
        double value = generalValue(entry.get(), phi, mean, var);
        if (!Double.isFinite(value)) {
            return Optional.empty();
        }
        ClosedForm cf = new ClosedForm(p.getProperty("text"), empty(p.getProperty("latex")), empty(p.getProperty("generalLatex")), value);
        return Optional.of((a, kk, m, v) -> ClosedFormProvider.Outcome.of(cf));
    }

    /** @return {@code provider}, also writing each closed form it derives to the disk cache */
    public static ClosedFormProvider recording(ClosedFormProvider provider) {
        return (phi, k, mean, var) -> {
            ClosedFormProvider.Outcome o = provider.moment(phi, k, mean, var);
            o.result().ifPresent(cf -> {
                Properties p = new Properties();
                p.setProperty("text", cf.text());
                p.setProperty("latex", cf.latex() == null ? "" : cf.latex());
                p.setProperty("generalLatex", cf.generalLatex() == null ? "" : cf.generalLatex());
                DiskCache.user("expect").put(p, "moment", key(phi, k, mean, var));
            });
            return o;
        };
    }

    private static String[] key(Activation phi, int k, double mean, double var) {
        return new String[] {phi.kind().name(), Integer.toString(k), Double.toString(mean), Double.toString(var)};
    }

    private static double generalValue(ClosedFormCatalogue.Entry e, Activation phi, double mean, double var) {
        CompiledForm f = e.generalForm();
        double[] x = new double[f.variables().size()];
        for (int i = 0; i < x.length; i++) {
            String n = f.variables().get(i);
            x[i] = n.equals("mu") ? mean : n.equals("v") ? var : phi.parameter();
        }
        return f.evaluate(x);
    }

    private static String empty(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
