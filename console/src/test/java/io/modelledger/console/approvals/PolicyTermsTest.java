package io.modelledger.console.approvals;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PolicyTermsTest {

    @Test
    void aStricterPolicyIsReadTermByTermBesideTheOneInForce() {
        Map<String, Object> asked = new HashMap<>(Map.of("requiredApprovals", 2, "forbidSelfApproval", true, "blockOnCriticalAlerts", true,
                "requestTtlSeconds", 259_200, "requirements", List.of(Map.of("suite", "fraud-accuracy", "suiteSha256", "0123456789abcdef".repeat(4),
                        "minCases", 100, "maxErrorRate", 0.01, "independent", true, "allowPredictions", false))));
        asked.put("canary", null);
        Map<String, Object> now = Map.of("requiredApprovals", 1, "forbidSelfApproval", true, "blockOnCriticalAlerts", false,
                                         "requestTtlSeconds", 259_200, "requiredSuites", List.of(), "requirements", List.of());
        List<PolicyTerms.Row> rows = PolicyTerms.rows("promotion", asked, now);
        assertThat(rows).extracting(PolicyTerms.Row::term, PolicyTerms.Row::now, PolicyTerms.Row::asked, PolicyTerms.Row::changed).contains(
                org.assertj.core.groups.Tuple.tuple("Approvals needed", "1", "2", true),
                org.assertj.core.groups.Tuple.tuple("Never by the requester", "yes", "yes", false),
                org.assertj.core.groups.Tuple.tuple("Open critical alerts block", "no", "yes", true),
                org.assertj.core.groups.Tuple.tuple("A request lapses after", "72h", "72h", false),
                org.assertj.core.groups.Tuple.tuple("Evaluation suites", "none", "fraud-accuracy (version 0123456789ab…, at least 100 cases, "
                        + "at most 1 % failed, run by someone else, against the serving endpoint)", true),
                org.assertj.core.groups.Tuple.tuple("Canary analysis", "not required", "not required", false));
    }

    @Test
    void aGuardPolicyChangeListsItsChecksByStage() {
        List<PolicyTerms.Row> rows = PolicyTerms.rows("guard", Map.of("input", List.of(Map.of("check", "pii", "action", "redact",
                "params", Map.of("types", List.of("email"))))), null);
        assertThat(rows).extracting(PolicyTerms.Row::term, PolicyTerms.Row::asked)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("input: pii", "redact {types=[email]}"),
                                         org.assertj.core.groups.Tuple.tuple("output checks", "none"));
    }

    @Test
    void aSuiteKeptByNameButWeakenedIsAChangeAndWithoutTheTermsInForceNothingReadsAsUnchanged() {
        Map<String, Object> strict = Map.of("suite", "qa", "suiteSha256", "a".repeat(64), "minCases", 100, "maxErrorRate", 0.0,
                                            "independent", true, "allowPredictions", false);
        Map<String, Object> weaker = Map.of("suite", "qa", "suiteSha256", "a".repeat(64), "minCases", 1, "maxErrorRate", 0.5,
                                            "independent", false, "allowPredictions", true);
        PolicyTerms.Row suites = PolicyTerms.rows("promotion", Map.of("requirements", List.of(weaker)),
                                                  Map.of("requiredSuites", List.of("qa"), "requirements", List.of(strict))).stream()
                                            .filter(r -> r.term().equals("Evaluation suites")).findFirst().orElseThrow();
        assertThat(suites.changed()).isTrue();
        assertThat(suites.now()).contains("at least 100 cases");
        assertThat(suites.asked()).contains("at least 1 cases", "uploaded predictions count");
        PolicyTerms.Row old = PolicyTerms.rows("promotion", Map.of("requirements", List.of(strict)), Map.of("requiredSuites", List.of("qa")))
                                         .stream().filter(r -> r.term().equals("Evaluation suites")).findFirst().orElseThrow();
        assertThat(old.changed()).as("names alone cannot show a term unchanged").isTrue();
        assertThat(old.now()).isEqualTo("qa (their terms not shown)");
    }
}
