package io.modelledger.eval.suite.query;

import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteContent;
import io.modelledger.eval.suite.web.SuiteFiles;
import io.modelledger.platform.domain.FieldException;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A suite version's identity is its content, whatever format it came in; bad content is refused by field. */
class SuiteContentTest {

    private static final List<MetricSpec> METRICS = List.of(new MetricSpec(null, "accuracy", Map.of(), 0.8, null));

    @Test
    void theSameCasesAsJsonJsonlAndCsvHaveTheSameSha256() throws Exception {
        List<SuiteCase> json = List.of(
                new SuiteCase("a", "Is it spam?", Map.of(), "yes", null, Map.of("region", "eu"), List.of("smoke")),
                new SuiteCase("b", "Hello friend", Map.of(), "no", null, Map.of("region", "us"), List.of()));
        List<SuiteCase> jsonl = SuiteFiles.jsonLines(new StringReader("""
                {"id":"a","input":"Is it spam?","expected":"yes","attributes":{"region":"eu"},"tags":["smoke"]}

                {"expected":"no","input":"Hello friend","id":"b","attributes":{"region":"us"}}
                """));
        List<SuiteCase> csv = SuiteFiles.csv(new StringReader("""
                id,input,expected,attr.region,tags
                a,Is it spam?,yes,eu,smoke
                b,Hello friend,no,us,
                """));
        String sha = SuiteContent.validated(METRICS, json).sha256();
        assertThat(SuiteContent.validated(METRICS, jsonl).sha256()).isEqualTo(sha);
        assertThat(SuiteContent.validated(METRICS, csv).sha256()).isEqualTo(sha);
        assertThat(SuiteContent.validated(List.of(new MetricSpec(null, "accuracy", Map.of(), 0.9, null)), json).sha256())
                .as("thresholds are part of the content").isNotEqualTo(sha);
    }

    @Test
    void casesCarryTheirOwnAssertionsWhichTheAssertionsMetricJudges() throws Exception {
        List<MetricSpec> judged = List.of(new MetricSpec(null, "assertions", Map.of(), 1.0, null));
        List<SuiteCase> cases = SuiteFiles.jsonLines(new StringReader("""
                {"id":"paris","variables":{"city":"France"},"assertions":[{"check":"contains","value":"Paris"},{"check":"latency","threshold":500,"weight":0}]}
                {"id":"json","input":"give JSON","assertions":[{"check":"contains_json","params":{"negate":true}}],"threshold":1}
                """));
        SuiteContent content = SuiteContent.validated(judged, cases);
        assertThat(content.cases().getFirst().assertions()).hasSize(2);
        assertThat(content.cases().get(1).threshold()).isEqualTo(1.0);
        assertThat(SuiteContent.validated(judged, cases).sha256()).isEqualTo(content.sha256());

        assertThatThrownBy(() -> SuiteContent.validated(METRICS, cases))
                .isInstanceOfSatisfying(FieldException.class, e -> assertThat(e.field()).isEqualTo("metrics"));
        assertThatThrownBy(() -> SuiteContent.validated(judged, List.of(new SuiteCase("a", "x", null, null, null, null, null))))
                .isInstanceOfSatisfying(FieldException.class, e -> assertThat(e.field()).isEqualTo("metrics"));
        List<SuiteCase> badRegex = SuiteFiles.jsonLines(new StringReader("""
                {"id":"a","input":"x","assertions":[{"check":"contains","value":"y"},{"check":"regex","params":{"pattern":"(a"}}]}
                """));
        assertThatThrownBy(() -> SuiteContent.validated(judged, badRegex))
                .isInstanceOfSatisfying(FieldException.class, e -> assertThat(e.field()).isEqualTo("cases[0].assertions[1].params.pattern"));
        List<SuiteCase> badThreshold = SuiteFiles.jsonLines(new StringReader("""
                {"id":"a","input":"x","assertions":[{"check":"contains","value":"y"}],"threshold":2}
                """));
        assertThatThrownBy(() -> SuiteContent.validated(judged, badThreshold))
                .isInstanceOfSatisfying(FieldException.class, e -> assertThat(e.field()).isEqualTo("cases[0].threshold"));
    }

    @Test
    void casesWithoutIdsAreNumbered() {
        SuiteContent content = SuiteContent.validated(METRICS, List.of(new SuiteCase(null, "x", null, "1", null, null, null),
                                                                       new SuiteCase("", "y", null, "0", null, null, null)));
        assertThat(content.cases()).extracting(SuiteCase::id).containsExactly("1", "2");
    }

    @Test
    void badContentIsRefusedNamingTheField() {
        SuiteCase ok = new SuiteCase("a", "x", null, "1", null, null, null);
        assertField(() -> SuiteContent.validated(METRICS, List.of()), "cases");
        assertField(() -> SuiteContent.validated(List.of(), List.of(ok)), "metrics");
        assertField(() -> SuiteContent.validated(List.of(new MetricSpec(null, "vibes", null, null, null)), List.of(ok)), "metrics[0].metric");
        assertField(() -> SuiteContent.validated(List.of(METRICS.get(0), METRICS.get(0)), List.of(ok)), "metrics[1].name");
        assertField(() -> SuiteContent.validated(List.of(new MetricSpec(null, "f1", null, 0.5, "=")), List.of(ok)), "metrics[0].comparator");
        assertField(() -> SuiteContent.validated(List.of(new MetricSpec(null, "demographic_parity_difference", null, 0.1, null)),
                                                 List.of(ok)), "metrics[0].params.attribute");
        assertField(() -> SuiteContent.validated(METRICS, List.of(ok, ok)), "cases[1].id");
        assertField(() -> SuiteContent.validated(METRICS, List.of(new SuiteCase("a", null, null, "1", null, null, null))), "cases[0].input");
        assertField(() -> SuiteFiles.csv(new StringReader("id,question\n1,x\n")), "cases");
    }

    private static void assertField(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(FieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
