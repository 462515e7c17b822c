package org.attnlimit.python;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attnlimit.cli.Main;
import org.attnlimit.report.Json;
import org.attnlimit.report.SympyForm;
import org.junit.jupiter.api.Test;

/**
 * The {@code sympy} field of {@code expect} and {@code check} JSON: SymPy's {@code parse_expr} reads it, with
 * {@code Phi}/{@code phi} defined as the README says, and evaluated at the inputs it gives attnlimit's value.
 */
class SympyFieldTest {

    /** The README's definitions; the script prints one relative difference per line (or "error: ..."). */
    private static final String SCRIPT = String.join("\n",
            "import json, sys",
            "from sympy import erf, exp, pi, sqrt, parse_expr, Symbol",
            "Phi = lambda x: (1 + erf(x / sqrt(2))) / 2",
            "phi = lambda x: exp(-x**2 / 2) / sqrt(2 * pi)",
            "for line in sys.stdin:",
            "    case = json.loads(line)",
            "    try:",
            "        e = parse_expr(case['sympy'], local_dict={'Phi': Phi, 'phi': phi})",
            "        v = float(e.subs({Symbol(k): x for k, x in case['at'].items()}).evalf(30))",
            "        print(abs(v - case['value']) / max(1.0, abs(case['value'])))",
            "    except Exception as ex:",
            "        print('error: %s' % ex)",
            "");

    @Test
    void sympyReadsTheFieldAndGivesTheSameValues() throws Exception {
        String python = Python.require("sympy");
        List<String> cases = new ArrayList<>();
        // (Symja derivations take seconds each without the cache: two cases, one per command)
        cases.add(expect(Map.of("c", 1.0), "--phi", "clip:c=1", "--moment", "2"));
        // check: the derived form of E[ReLU(Z)], Z ~ N(mu, v), at mu = 0.3, v = 2 against expect's value there
        JsonNode checked = Json.mapper().readTree(MainTest.run("check", "--phi", "relu", "--moment", "1", "--claim",
                "sqrt(v)*phi(mu/sqrt(v))+mu*Phi(mu/sqrt(v))", "--format", "json").out()).get("claims").get(0);
        assertThat(checked.get("sympy").asText()).contains("Phi(mu/sqrt(v))").doesNotContain("^", "Φ", "Sqrt");
        double relu = Json.mapper().readTree(MainTest.run("expect", "--phi", "relu", "--moment", "1", "--mean", "0.3",
                "--var", "2", "--format", "json", "--numeric").out()).get("value").asDouble();
        cases.add(line(checked.get("sympy").asText(), Map.of("mu", 0.3, "v", 2.0), relu));
        // negative control: Phi and phi exchanged must not agree
        JsonNode clip = Json.mapper().readTree(MainTest.run("expect", "--phi", "clip:c=1", "--moment", "2", "--format", "json").out());
        String swapped = clip.get("sympy").asText().replace("Phi(", "TMP(").replace("phi(", "Phi(").replace("TMP(", "phi(");
        cases.add(line(swapped, Map.of("c", 1.0), clip.get("value").asDouble()));

        Python.Result r = Python.run(List.of(python, "-c", SCRIPT), null, String.join("\n", cases) + "\n", 120);
        assertThat(r.code()).as(r.output()).isZero();
        List<String> diffs = r.output().strip().lines().toList();
        assertThat(diffs).as(r.output()).hasSize(cases.size());
        for (int i = 0; i < cases.size() - 1; i++) {
            // exact closed forms evaluated to 30 digits against attnlimit's double (the second by quadrature,
            // error bound ~1e-14): rounding only
            assertThat(Double.parseDouble(diffs.get(i))).as(cases.get(i)).isLessThan(1e-12);
        }
        assertThat(Double.parseDouble(diffs.get(cases.size() - 1))).as("swapped Phi/phi detected").isGreaterThan(1e-3);
    }

    @Test
    void namesWithoutAKnownSympySpellingGiveNoField() {
        assertThat(SympyForm.of("-1+2*c^2*(1-Φ(c))+2*Φ(c)-2*c*φ(c)")).contains("-1+2*c**2*(1-Phi(c))+2*Phi(c)-2*c*phi(c)");
        assertThat(SympyForm.of("Sqrt(2)*ArcCos(ρ)/Pi")).contains("sqrt(2)*acos(rho)/pi");
        assertThat(SympyForm.of("Hypergeometric2F1(1,2,3,c)")).isEmpty();
        assertThat(SympyForm.of("{1,2}")).isEmpty();
    }

    private static String expect(Map<String, Double> at, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("expect"));
        all.addAll(List.of(args));
        all.addAll(List.of("--format", "json"));
        JsonNode j = Json.mapper().readTree(MainTest.run(all.toArray(String[]::new)).out());
        assertThat(j.get("sympy").isTextual()).as(j.toString()).isTrue();
        return line(j.get("sympy").asText(), at, j.get("value").asDouble());
    }

    private static String line(String sympy, Map<String, Double> at, double value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sympy", sympy);
        m.put("at", at);
        m.put("value", value);
        return Json.write(m).replaceAll("\\s*\\R\\s*", " ");
    }

    /** In-process runs of the command line. */
    static final class MainTest {
        record Out(int code, String out, String err) {
        }

        static Out run(String... args) {
            java.io.StringWriter out = new java.io.StringWriter();
            java.io.StringWriter err = new java.io.StringWriter();
            int code = Main.run(args, new java.io.PrintWriter(out), new java.io.PrintWriter(err));
            assertThat(code).as(String.join(" ", args) + ": " + err).isZero();
            return new Out(code, out.toString(), err.toString());
        }
    }
}
