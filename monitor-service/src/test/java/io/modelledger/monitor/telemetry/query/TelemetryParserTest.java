package io.modelledger.monitor.telemetry.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.modelledger.monitor.telemetry.api.Rejection;

import static org.assertj.core.api.Assertions.assertThat;

/** Each malformed record is refused with its field and reason; the others pass, typed. */
class TelemetryParserTest {

    private static final Instant NOW = Instant.parse("2026-03-01T14:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<JsonNode> records(String... json) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String j : json) {
            nodes.add(JSON.readTree(j));
        }
        return nodes;
    }

    @Test
    void malformedRecordsAreRefusedOneByOne() throws Exception {
        String ok = "{\"model\":\"m\",\"version\":2,\"environment\":\"prod\",\"timestamp\":\"2026-03-01T13:59:00Z\",\"features\":"
                + "{\"amount\":12.5,\"country\":\"DE\",\"vip\":true},\"prediction\":\"1\",\"latencyMs\":35,\"promptTokens\":10,"
                + "\"completionTokens\":5,\"cost\":0.001,\"safetyFlags\":[\"pii\"],\"error\":false,\"traceId\":\"t1\"}";
        var parsed = TelemetryParser.parse(records(ok,
                "{\"version\":2,\"environment\":\"prod\",\"timestamp\":\"2026-03-01T13:59:00Z\"}",
                "{\"model\":\"m\",\"version\":0,\"environment\":\"prod\",\"timestamp\":\"2026-03-01T13:59:00Z\"}",
                "{\"model\":\"m\",\"version\":1,\"environment\":\"prod\",\"timestamp\":\"2026-03-01T15:00:00Z\"}",
                "{\"model\":\"m\",\"version\":1,\"environment\":\"prod\",\"timestamp\":\"2026-02-01T00:00:00Z\"}",
                "{\"model\":\"m\",\"version\":1,\"environment\":\"prod\",\"timestamp\":\"2026-03-01T13:59:00Z\",\"latencyMs\":-1}",
                "{\"model\":\"m\",\"version\":1,\"environment\":\"prod\",\"timestamp\":\"2026-03-01T13:59:00Z\",\"features\":{\"x\":[1]}}",
                "[1,2]"), NOW, Duration.ofDays(7));
        assertThat(parsed.accepted()).hasSize(1);
        InferenceRecord record = parsed.accepted().get(0);
        assertThat(record.features()).containsEntry("amount", 12.5).containsEntry("country", "DE").containsEntry("vip", true);
        assertThat(record.safetyFlags()).containsExactly("pii");
        assertThat(parsed.rejected()).extracting(Rejection::index, Rejection::field)
                                     .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "model"),
                                                      org.assertj.core.groups.Tuple.tuple(2, "version"),
                                                      org.assertj.core.groups.Tuple.tuple(3, "timestamp"),
                                                      org.assertj.core.groups.Tuple.tuple(4, "timestamp"),
                                                      org.assertj.core.groups.Tuple.tuple(5, "latencyMs"),
                                                      org.assertj.core.groups.Tuple.tuple(6, "features.x"),
                                                      org.assertj.core.groups.Tuple.tuple(7, ""));
        assertThat(parsed.rejected().get(2).reason()).contains("future");
        assertThat(parsed.rejected().get(3).reason()).contains("retention");
    }
}
