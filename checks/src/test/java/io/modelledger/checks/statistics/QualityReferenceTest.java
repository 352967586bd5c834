package io.modelledger.checks.statistics;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Production-quality metrics against the values scikit-learn computed from the same inputs
 * ({@code src/test/resources/reference/quality_reference.py} produced {@code quality_reference.json}), to 1e-9.
 */
class QualityReferenceTest {

    private static JsonNode reference;

    @BeforeAll
    static void load() {
        reference = References.load("quality_reference.json");
    }

    private static double[] doubles(JsonNode array) {
        return References.doubles(array);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asString()));
        return values;
    }

    @Test
    void accuracyAndMacroPrecisionRecallAndF1() {
        for (JsonNode fixture : reference.get("classification")) {
            String name = fixture.get("name").asString();
            Quality.Classification c = Quality.classification(texts(fixture.get("labels")), texts(fixture.get("predictions")));
            assertThat(c.accuracy()).as(name + ": accuracy").isCloseTo(fixture.get("accuracy").asDouble(), within(1e-9));
            assertThat(c.precisionMacro()).as(name + ": precision").isCloseTo(fixture.get("precision").asDouble(), within(1e-9));
            assertThat(c.recallMacro()).as(name + ": recall").isCloseTo(fixture.get("recall").asDouble(), within(1e-9));
            assertThat(c.f1Macro()).as(name + ": F1").isCloseTo(fixture.get("f1").asDouble(), within(1e-9));
        }
    }

    @Test
    void brierScore() {
        for (JsonNode fixture : reference.get("brier")) {
            assertThat(Quality.brier(doubles(fixture.get("outcomes")), doubles(fixture.get("probabilities"))))
                    .as(fixture.get("name").asString()).isCloseTo(fixture.get("brier").asDouble(), within(1e-9));
        }
    }

    @Test
    void meanAbsoluteAndRootMeanSquaredError() {
        for (JsonNode fixture : reference.get("regression")) {
            Quality.Regression r = Quality.regression(doubles(fixture.get("labels")), doubles(fixture.get("predictions")));
            assertThat(r.mae()).as(fixture.get("name").asString() + ": MAE").isCloseTo(fixture.get("mae").asDouble(), within(1e-9));
            assertThat(r.rmse()).as(fixture.get("name").asString() + ": RMSE").isCloseTo(fixture.get("rmse").asDouble(), within(1e-9));
        }
    }
}
