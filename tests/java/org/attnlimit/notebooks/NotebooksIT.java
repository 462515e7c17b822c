package org.attnlimit.notebooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attnlimit.cli.Main;
import org.attnlimit.report.Json;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Executes the teaching notebooks headless with the rapaio Java kernel, as {@code attnlimit notebooks} does (an
 * integration test: it runs after {@code package}, which builds {@code target/attnlimit.jar}, copies
 * {@code target/lib} and puts the kernel jar next to {@code notebooks/kernels/java/kernel.json}), into a temporary
 * directory, and checks that the committed notebooks carry the same outputs (so they read on a code host without
 * a kernel), that the HTML loads MathJax from a URL a browser can reach, and what the notebooks' text claims.
 * Without Jupyter the test is skipped with the reason, except under {@code CI=true}, where that is a failure.
 */
class NotebooksIT {
    private static final Path NOTEBOOKS = Path.of("notebooks");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static Path out;
    private static String log;

    @BeforeAll
    static void executeAll() throws Exception {
        assertThat(Path.of("target", "attnlimit.jar")).as("run after mvn package").exists();
        out = Files.createTempDirectory("attnlimit-notebooks");
        StringWriter err = new StringWriter();
        int code = Main.run(new String[] {"notebooks", "--out", out.toString()}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        log = err.toString();
        if (log.contains("notebooks: skipped: Jupyter")) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI=true but Jupyter is missing: " + log);
            }
            Assumptions.abort(log.strip());
        }
        assertThat(code).as(log).isZero();
    }

    @ParameterizedTest
    @CsvSource({
        "01-covariance-calculus, 0.516058550962",
        "02-hierarchical-limit, excess kurtosis",
        "03-proof-map-and-checks, without the crosswise term: inconsistent"})
    void executesAndMatchesTheCommittedOutputs(String name, String expected) throws Exception {
        JsonNode executed = Json.mapper().readTree(out.resolve(name + ".ipynb").toFile());
        List<String> errors = new ArrayList<>();
        int images = 0;
        for (JsonNode cell : executed.get("cells")) {
            for (JsonNode o : cell.path("outputs")) {
                images += o.path("data").has("image/png") ? 1 : 0;
                if (o.path("output_type").asText().equals("error")) {
                    errors.add(o.path("evalue").asText());
                }
            }
            if (cell.path("metadata").path("tags").toString().contains("remove-output")) {
                assertThat(cell.path("outputs")).as("the kernel's jar list is not kept").isEmpty();
            }
        }
        String text = String.join("\n", outputs(executed));
        assertThat(errors).as("cell errors").isEmpty();
        assertThat(images).as("inline plots (display of an XChart image)").isPositive();
        assertThat(text).contains(expected).doesNotContain("to classpath");
        assertThat(UUID.matcher(text).find()).as("a display id printed under a plot").isFalse();

        JsonNode committed = Json.mapper().readTree(NOTEBOOKS.resolve(name + ".ipynb").toFile());
        assertThat(outputs(committed)).as("committed outputs of notebooks/" + name
                + ".ipynb are not current: run ./attnlimit notebooks --update and commit").isEqualTo(outputs(executed));

        String html = Files.readString(out.resolve(name + ".html"));
        assertThat(html).contains("<script src=\"https://cdnjs.cloudflare.com/ajax/libs/mathjax/2.7.7/MathJax.js?config=TeX-AMS_CHTML-full,Safe\"")
                .doesNotContain("src=\"file://");
    }

    /** Notebook 2's text says what its table shows: the KS verdicts and kurtosis z-scores at each width. */
    @org.junit.jupiter.api.Test
    void finiteWidthTableSaysWhatTheTextSays() throws Exception {
        String text = String.join("\n", outputs(Json.mapper().readTree(out.resolve("02-hierarchical-limit.ipynb").toFile())));
        Matcher m = Pattern.compile("(?m)^ *(\\d+) +([0-9.]+) +(\\S+) +(rejects the limit|cannot tell apart) +([0-9.]+) ± ([0-9.]+) +(-?[0-9.]+)$")
                .matcher(text);
        int rows = 0;
        while (m.find()) {
            rows++;
            int n = Integer.parseInt(m.group(1));
            double p = Double.parseDouble(m.group(3));
            double z = Double.parseDouble(m.group(7));
            if (n <= 16) {
                assertThat(p).as("n = %d: 'the KS test rejects it (p < 0.01)'", n).isLessThan(0.01);
                assertThat(z).as("n = %d: 'more than five standard errors above'", n).isGreaterThan(5);
            } else {
                assertThat(p).as("n = %d: 'cannot tell the finite layer from the limit'", n).isGreaterThan(0.05);
                assertThat(Math.abs(z)).as("n = %d: 'within three standard errors'", n).isLessThan(3);
            }
        }
        assertThat(rows).as("rows of the finite-width table").isEqualTo(4);
    }

    /**
     * The meaningful outputs of each code cell: text (stream, plain, markdown) with ids and timings masked, and images
     * counted. Consecutive outputs to the same stream are one (newer nbconvert versions, as pip installs them, split a
     * cell's printed text into many pieces that Jupyter shows joined; Debian's keeps it whole).
     */
    private static List<String> outputs(JsonNode nb) {
        List<String> cells = new ArrayList<>();
        for (JsonNode cell : nb.get("cells")) {
            if (!cell.path("cell_type").asText().equals("code")) {
                continue;
            }
            List<StringBuilder> entries = new ArrayList<>();
            String lastStream = null;
            for (JsonNode o : cell.path("outputs")) {
                String type = o.path("output_type").asText();
                String stream = type.equals("stream") ? o.path("name").asText() : null;
                StringBuilder b;
                if (stream != null && stream.equals(lastStream)) {
                    b = entries.get(entries.size() - 1);
                } else {
                    b = new StringBuilder().append('[').append(type).append("] ");
                    entries.add(b);
                }
                lastStream = stream;
                text(b, o.path("text"));
                text(b, o.path("data").path("text/plain"));
                text(b, o.path("data").path("text/markdown"));
                if (o.path("data").has("image/png")) {
                    b.append("<image>");
                }
            }
            StringBuilder all = new StringBuilder();
            entries.forEach(e -> all.append(e).append('\n'));
            cells.add(UUID.matcher(all.toString()).replaceAll("<id>").replaceAll("\\d+(\\.\\d+)? ?(ms|s)\\b", "<time>"));
        }
        return cells;
    }

    private static void text(StringBuilder b, JsonNode node) {
        if (node.isArray()) {
            node.forEach(t -> b.append(t.asText()));
        } else if (node.isTextual()) {
            b.append(node.asText());
        }
    }
}
