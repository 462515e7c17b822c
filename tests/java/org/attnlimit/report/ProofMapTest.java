package org.attnlimit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ProofMapTest {

    @Test
    void loadsEveryStatementTheIssueNames() {
        ProofMap map = ProofMap.load();
        for (String label : new String[] {"Theorem 3.1", "Theorem 4.1", "Corollary 3.2", "Proposition D.1",
            "Proposition C.3", "Lemma C.2", "Lemma C.4", "Lemma D.2", "Lemma D.3", "Lemma D.4", "Lemma D.5",
            "Lemma D.6", "Lemma D.7", "Lemma D.8", "Lemma D.9", "Lemma D.10", "Lemma D.11",
            "Definition 3.1 (A)", "Definition 3.1 (B)", "Definition C.1", "Assumption 3.1", "Fact 3.1",
            "Remark 3.1", "Remark 3.2"}) {
            assertThat(map.nodes()).as(label).anyMatch(n -> n.label().equals(label));
        }
    }

    @Test
    void committedCopyInTheoryEqualsTheCanonicalResource() throws Exception {
        byte[] committed = Files.readAllBytes(Path.of("theory", "proof-map.json"));
        byte[] canonical = Files.readAllBytes(Path.of("src", "main", "resources", "theory", "proof-map.json"));
        assertThat(new String(committed, StandardCharsets.UTF_8)).isEqualTo(new String(canonical, StandardCharsets.UTF_8));
    }

    @Test
    void committedMarkdownIsUpToDateWithTheRenderer() throws Exception {
        String committed = Files.readString(Path.of("theory", "proof-map.md"));
        assertThat(committed)
                .as("theory/proof-map.md is stale: regenerate with ./attnlimit theory --format markdown > theory/proof-map.md")
                .isEqualTo(ProofMapRenderer.render(ProofMap.load(), ProofMapRenderer.Format.MARKDOWN));
    }

    @Test
    void aCycleIsRejected() {
        String json = "{\"title\":\"t\",\"note\":\"n\",\"nodes\":["
                + "{\"id\":\"a\",\"label\":\"A\",\"kind\":\"lemma\",\"title\":\"a\",\"statement\":\"s\",\"dependsOn\":[\"b\"],\"checks\":[\"x\"]},"
                + "{\"id\":\"b\",\"label\":\"B\",\"kind\":\"lemma\",\"title\":\"b\",\"statement\":\"s\",\"dependsOn\":[\"a\"],\"checks\":[\"x\"]}]}";
        assertThatThrownBy(() -> ProofMap.parse(json.getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("cycle").hasMessageContaining("a -> b -> a");
    }

    @Test
    void aNodeWithoutCheckOrReasonAndAnUnknownDependencyAreRejected() {
        String noReason = "{\"title\":\"t\",\"note\":\"n\",\"nodes\":["
                + "{\"id\":\"a\",\"label\":\"A\",\"kind\":\"lemma\",\"title\":\"a\",\"statement\":\"s\"}]}";
        assertThatThrownBy(() -> ProofMap.parse(noReason.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'a'");
        String unknown = "{\"title\":\"t\",\"note\":\"n\",\"nodes\":["
                + "{\"id\":\"a\",\"label\":\"A\",\"kind\":\"lemma\",\"title\":\"a\",\"statement\":\"s\",\"dependsOn\":[\"zz\"],\"checks\":[\"x\"]}]}";
        assertThatThrownBy(() -> ProofMap.parse(unknown.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("unknown 'zz'");
    }

    @Test
    void dotAndMermaidHaveOneEdgePerDependency() {
        ProofMap map = ProofMap.load();
        long edges = map.nodes().stream().mapToLong(n -> n.dependsOn().size()).sum();
        String dot = ProofMapRenderer.render(map, ProofMapRenderer.Format.DOT);
        String mermaid = ProofMapRenderer.render(map, ProofMapRenderer.Format.MERMAID);
        assertThat(dot.lines().filter(l -> l.contains("->")).count()).isEqualTo(edges);
        assertThat(mermaid.lines().filter(l -> l.contains("-->")).count()).isEqualTo(edges);
        assertThat(dot).startsWith("digraph").contains("\"lem-D.7\" -> \"prop-D.1\"");
    }

    @Test
    void illustrationOnlyStatementsAreNotDrawnAsChecked() {
        ProofMap map = ProofMap.load();
        ProofMap.Node d4 = map.node("lem-D.4").orElseThrow();
        ProofMap.Node d7 = map.node("lem-D.7").orElseThrow();
        assertThat(map.status(d4)).isEqualTo(ProofMap.Status.ILLUSTRATED);
        assertThat(map.status(d7)).isEqualTo(ProofMap.Status.CHECKED);
        assertThat(map.status(map.node("lem-C.2").orElseThrow())).isEqualTo(ProofMap.Status.NONE);
        // Theorem 4.1's checks include one that can fail: checked, although one of its checks also illustrates
        String mermaid = ProofMapRenderer.render(map, ProofMapRenderer.Format.MERMAID);
        assertThat(mermaid).contains("classDef illustrated").containsPattern("class [^\\n]*lem_D_4[^\\n]* illustrated");
        String dot = ProofMapRenderer.render(map, ProofMapRenderer.Format.DOT);
        assertThat(dot).contains("\"lem-D.4\" [label=\"Lemma D.4").contains("dashed");
    }

    @Test
    void anUnknownIllustrationCheckIsRejected() {
        String json = "{\"title\":\"t\",\"note\":\"n\",\"illustrationChecks\":[\"nope\"],\"nodes\":["
                + "{\"id\":\"a\",\"label\":\"A\",\"kind\":\"lemma\",\"title\":\"a\",\"statement\":\"s\",\"checks\":[\"x\"]}]}";
        assertThatThrownBy(() -> ProofMap.parse(json.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("'nope'");
    }

    @Test
    void everyTitleFitsItsBoxWhole() {
        ProofMap map = ProofMap.load();
        java.awt.Font font = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 11);
        for (ProofMap.Node n : map.nodes()) {
            // wrap refuses a title that needs more lines than the box has; the lines put together are the title
            assertThat(String.join(" ", ProofMapDrawing.titleLines(n.title()))).isEqualTo(n.title());
        }
        assertThat(ProofMapDrawing.png(map, 1)).isNotEmpty();
        // a title too long for three lines is refused, not cut
        assertThatThrownBy(() -> ProofMapDrawing.wrap("word ".repeat(60).strip(), font, 176))
                .hasMessageContaining("lines");
    }
}
