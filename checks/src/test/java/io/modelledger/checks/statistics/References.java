package io.modelledger.checks.statistics;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The committed reference values ({@code src/test/resources/reference/*.json}) that the statistics are checked against. */
final class References {

    private References() {
    }

    static JsonNode load(String name) {
        try (var in = References.class.getResourceAsStream("/reference/" + name)) {
            return JsonMapper.builder().build().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static double[] doubles(JsonNode array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).asDouble();
        }
        return values;
    }
}
