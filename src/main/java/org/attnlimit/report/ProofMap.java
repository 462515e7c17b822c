package org.attnlimit.report;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The machine-readable map of the paper's proof (Section 4, Appendices C–D): one node per
 * statement, each with its LaTeX statement, the statements it depends on, and the {@code verify}
 * checks that illustrate it. The canonical copy is the classpath resource {@value #RESOURCE}; the
 * repository keeps an identical {@code theory/proof-map.json} for readers.
 *
 * @param title a heading for renderings
 * @param note how to read the map
 * @param nodes the statements, in the order they are rendered
 * @param illustrationChecks the checks none of whose rows can fail (bounds that hold by construction, trends):
 *     a statement checked only by these is drawn as illustrated, not as checked
 */
public record ProofMap(String title, String note, List<Node> nodes, List<String> illustrationChecks) {

    /** Classpath location of the canonical proof map. */
    public static final String RESOURCE = "/theory/proof-map.json";

    /**
     * One statement of the paper.
     *
     * @param id stable identifier, e.g. {@code lem-D.7}
     * @param label the paper's number, e.g. {@code Lemma D.7}
     * @param kind definition, assumption, fact, lemma, proposition, theorem, corollary, example or remark
     * @param title a short name
     * @param statement the statement in LaTeX (inline math in {@code $…$})
     * @param reconstructed whether the formula is a reconstruction (the paper's text lost it)
     * @param dependsOn ids of the statements its proof uses
     * @param checks names of the {@code verify} checks illustrating it (may be empty)
     * @param noCheckReason why no check illustrates it ({@code null} when {@code checks} is non-empty)
     */
    public record Node(String id, String label, String kind, String title, String statement,
            boolean reconstructed, List<String> dependsOn, List<String> checks, String noCheckReason) {

        /** Normalises absent lists to empty ones. */
        public Node {
            dependsOn = dependsOn == null ? List.of() : List.copyOf(dependsOn);
            checks = checks == null ? List.of() : List.copyOf(checks);
        }
    }

    /** How a statement is backed by {@code verify}. */
    public enum Status {
        /** At least one check whose rows can fail. */
        CHECKED,
        /** Only illustrations: shown numerically, but nothing can refute the statement. */
        ILLUSTRATED,
        /** No check (with the reason why). */
        NONE
    }

    /** Copies the lists (absent illustration list: none). */
    public ProofMap {
        nodes = List.copyOf(nodes);
        illustrationChecks = illustrationChecks == null ? List.of() : List.copyOf(illustrationChecks);
    }

    /** @return how {@code n} is backed: checked, illustrated only, or not at all */
    public Status status(Node n) {
        if (n.checks().isEmpty()) {
            return Status.NONE;
        }
        return illustrationChecks.containsAll(n.checks()) ? Status.ILLUSTRATED : Status.CHECKED;
    }

    /** @return the canonical proof map from the classpath, validated */
    public static ProofMap load() {
        try (InputStream in = ProofMap.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("proof map resource " + RESOURCE + " is missing from the jar");
            }
            return parse(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException("could not read the proof map: " + e.getMessage(), e);
        }
    }

    /**
     * Parses and validates a proof map.
     *
     * @throws IllegalArgumentException if a dependency is unknown, an id repeats, a node has neither a
     *     check nor a reason, or the dependency graph has a cycle
     */
    public static ProofMap parse(byte[] json) throws IOException {
        ObjectMapper mapper = Json.mapper().copy()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        ProofMap map = mapper.readValue(json, ProofMap.class);
        map.validate();
        return map;
    }

    /** @return the node with this id */
    public Optional<Node> node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** @return every check name mentioned by some node, in order of first mention */
    public List<String> checkNames() {
        List<String> names = new ArrayList<>();
        for (Node n : nodes) {
            for (String c : n.checks()) {
                if (!names.contains(c)) {
                    names.add(c);
                }
            }
        }
        return names;
    }

    private void validate() {
        Map<String, Node> byId = new LinkedHashMap<>();
        for (Node n : nodes) {
            if (byId.put(n.id(), n) != null) {
                throw new IllegalArgumentException("proof map: duplicate node id '" + n.id() + "'");
            }
            if (n.checks().isEmpty() == (n.noCheckReason() == null || n.noCheckReason().isBlank())) {
                throw new IllegalArgumentException("proof map: node '" + n.id()
                        + "' needs exactly one of a check or a reason for having none");
            }
        }
        for (Node n : nodes) {
            for (String d : n.dependsOn()) {
                if (!byId.containsKey(d)) {
                    throw new IllegalArgumentException("proof map: node '" + n.id() + "' depends on unknown '" + d + "'");
                }
            }
        }
        for (String c : illustrationChecks) {
            if (!checkNames().contains(c)) {
                throw new IllegalArgumentException("proof map: illustration check '" + c + "' is no node's check");
            }
        }
        List<String> cycle = findCycle(byId);
        if (!cycle.isEmpty()) {
            throw new IllegalArgumentException("proof map: dependency cycle " + String.join(" -> ", cycle));
        }
    }

    /** Depth-first search with colours; returns a cycle as a list of ids, or an empty list. */
    private static List<String> findCycle(Map<String, Node> byId) {
        Map<String, Integer> colour = new LinkedHashMap<>();
        for (String id : byId.keySet()) {
            List<String> path = new ArrayList<>();
            if (visit(id, byId, colour, path)) {
                return path;
            }
        }
        return List.of();
    }

    private static boolean visit(String id, Map<String, Node> byId, Map<String, Integer> colour, List<String> path) {
        int c = colour.getOrDefault(id, 0);
        if (c == 2) {
            return false;
        }
        path.add(id);
        if (c == 1) {
            return true;
        }
        colour.put(id, 1);
        for (String d : byId.get(id).dependsOn()) {
            if (visit(d, byId, colour, path)) {
                return true;
            }
        }
        colour.put(id, 2);
        path.remove(path.size() - 1);
        return false;
    }
}
