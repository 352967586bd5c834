package io.modelledger.console.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A version's lineage laid out for an SVG drawn on the server: the datasets it (or a base model) was trained and
 * validated on to the left, the version in the middle, its base models to the right, code and training run
 * beneath. The template draws it; every label is text Thymeleaf escapes.
 */
public record LineageGraph(int width, int height, List<Node> nodes, List<Edge> edges) {

    static final int NODE_WIDTH = 250;
    static final int NODE_HEIGHT = 44;
    private static final int ROW = 60;
    private static final int[] COLUMNS = {10, 320, 630};
    private static final int MAX_LABEL = 32;

    public record Node(String kind, String label, String detail, String href, int x, int y) {

        public int width() {
            return NODE_WIDTH;
        }

        public int height() {
            return NODE_HEIGHT;
        }

        public int textX() {
            return x + 10;
        }
    }

    public record Edge(int x1, int y1, int x2, int y2) {
    }

    /** From {@code GET /api/registry/models/{name}/versions/{v}/lineage}. */
    @SuppressWarnings("unchecked")
    static LineageGraph of(Map<String, Object> lineage) {
        String model = String.valueOf(lineage.get("modelName"));
        int version = ((Number) lineage.get("version")).intValue();
        List<Map<String, Object>> datasets = (List<Map<String, Object>>) lineage.getOrDefault("datasets", List.of());
        List<Map<String, Object>> bases = (List<Map<String, Object>>) lineage.getOrDefault("baseModels", List.of());

        List<Node> nodes = new ArrayList<>();
        List<Edge> edges = new ArrayList<>();
        int rows = Math.max(1, Math.max(datasets.size(), bases.size()));
        int centreY = 10 + (rows - 1) * ROW / 2;
        Node self = new Node("version", label(model + " v" + version), "this version", null, COLUMNS[1], centreY);
        nodes.add(self);

        Map<String, Node> baseNodes = new LinkedHashMap<>();
        for (int i = 0; i < bases.size(); i++) {
            Map<String, Object> base = bases.get(i);
            String name = String.valueOf(base.get("model"));
            int v = ((Number) base.get("version")).intValue();
            Node node = new Node("model", label(name + " v" + v), "base model", "/models/" + name + "/versions/" + v, COLUMNS[2], 10 + i * ROW);
            nodes.add(node);
            baseNodes.put(name + "@" + v, node);
            edges.add(new Edge(node.x(), node.y() + NODE_HEIGHT / 2, self.x() + NODE_WIDTH, self.y() + NODE_HEIGHT / 2));
        }
        for (int i = 0; i < datasets.size(); i++) {
            Map<String, Object> used = datasets.get(i);
            String name = String.valueOf(used.get("dataset"));
            int v = ((Number) used.get("version")).intValue();
            Map<String, Object> via = (Map<String, Object>) used.get("via");
            boolean direct = via == null || (model.equals(via.get("model")) && ((Number) via.get("version")).intValue() == version);
            String role = String.valueOf(used.getOrDefault("role", "training"));
            Node node = new Node("dataset", label(name + " v" + v), direct ? role : role + " of " + via.get("model") + " v" + via.get("version"),
                                 "/datasets/" + name + "/versions/" + v, COLUMNS[0], 10 + i * ROW);
            nodes.add(node);
            Node target = direct ? self : baseNodes.getOrDefault(via.get("model") + "@" + via.get("version"), self);
            if (target == self) {
                edges.add(new Edge(node.x() + NODE_WIDTH, node.y() + NODE_HEIGHT / 2, self.x(), self.y() + NODE_HEIGHT / 2));
            } else {
                // a base model's data: drawn above the row, to the base model's node
                edges.add(new Edge(node.x() + NODE_WIDTH, node.y() + NODE_HEIGHT / 2, target.x() + NODE_WIDTH / 2, target.y()));
            }
        }
        int height = 20 + rows * ROW;
        String code = join(lineage.get("codeRepository"), lineage.get("codeCommit"));
        if (code != null || lineage.get("trainingRunId") != null) {
            Node source = new Node("code", label(code == null ? "training run" : code),
                                   lineage.get("trainingRunId") == null ? "code" : "run " + lineage.get("trainingRunId"), null,
                                   COLUMNS[1], height);
            nodes.add(source);
            edges.add(new Edge(source.x() + NODE_WIDTH / 2, source.y(), self.x() + NODE_WIDTH / 2, self.y() + NODE_HEIGHT));
            height += ROW;
        }
        return new LineageGraph(COLUMNS[2] + NODE_WIDTH + 10, height, List.copyOf(nodes), List.copyOf(edges));
    }

    private static String join(Object repository, Object commit) {
        if (repository == null && commit == null) {
            return null;
        }
        String repo = repository == null ? "" : String.valueOf(repository).replaceFirst("^https?://", "");
        String sha = commit == null ? "" : "@" + String.valueOf(commit).substring(0, Math.min(10, String.valueOf(commit).length()));
        return repo + sha;
    }

    private static String label(String text) {
        return text.length() <= MAX_LABEL ? text : text.substring(0, MAX_LABEL - 1) + "…";
    }
}
