package io.modelledger.console.models;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LineageGraphTest {

    @Test
    void datasetsLeftBaseModelsRightCodeBelowEachLinkedToWhatUsedIt() {
        LineageGraph graph = LineageGraph.of(Map.of(
                "modelName", "fraud", "version", 3,
                "datasets", List.of(Map.of("dataset", "tx", "version", 1, "role", "training", "via", Map.of("model", "fraud", "version", 3)),
                                    Map.of("dataset", "base-data", "version", 2, "role", "training", "via", Map.of("model", "bert", "version", 1))),
                "baseModels", List.of(Map.of("model", "bert", "version", 1)),
                "codeCommit", "a1b2c3d4e5f6a7"));
        assertThat(graph.nodes()).extracting(LineageGraph.Node::kind).containsExactly("version", "model", "dataset", "dataset", "code");
        assertThat(graph.nodes()).extracting(LineageGraph.Node::label).contains("fraud v3", "bert v1", "tx v1", "base-data v2", "@a1b2c3d4e5");
        assertThat(graph.nodes().get(3).detail()).isEqualTo("training of bert v1");
        assertThat(graph.nodes().get(2).href()).isEqualTo("/datasets/tx/versions/1");
        assertThat(graph.edges()).hasSize(4);
    }

    @Test
    void aVersionWithoutLineageIsOneNode() {
        LineageGraph graph = LineageGraph.of(Map.of("modelName", "m", "version", 1));
        assertThat(graph.nodes()).hasSize(1);
        assertThat(graph.edges()).isEmpty();
    }
}
