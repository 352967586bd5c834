package io.modelledger.checks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The per-case LLM checks, on outputs a user would recognise. */
class ChecksTest {

    private static final MiniLmEmbeddings EMBEDDINGS = new MiniLmEmbeddings();
    private final Checks checks = new Checks(EMBEDDINGS);

    private double score(String metric, Map<String, Object> params, String output, String expected, String context) {
        return checks.score(metric, params, output, expected, context).score();
    }

    @Test
    void textMatchingChecks() {
        assertThat(score("equals", Map.of(), " Paris ", "Paris", null)).isEqualTo(1);
        assertThat(score("equals", Map.of(), "paris", "Paris", null)).isZero();
        assertThat(score("equals", Map.of("ignoreCase", true), "paris", "Paris", null)).isEqualTo(1);
        assertThat(score("contains", Map.of("values", List.of("refund", "return"), "mode", "any"), "We refund you", null, null)).isEqualTo(1);
        assertThat(score("contains", Map.of("values", List.of("refund", "return"), "mode", "all"), "We refund you", null, null)).isZero();
        assertThat(score("regex", Map.of("pattern", "^\\d{3}-\\d{4}$", "match", "full"), "555-1234", null, null)).isEqualTo(1);
        assertThat(score("regex", Map.of("pattern", "order #\\d+"), "see order #42 below", null, null)).isEqualTo(1);
        assertThat(score("levenshtein", Map.of(), "kitten", "sitting", null)).isCloseTo(1 - 3.0 / 7, within(1e-12));
    }

    @Test
    void prefixesNegationAndEditBudgets() {
        assertThat(score("starts_with", Map.of(), "Paris is the capital", "Paris", null)).isEqualTo(1);
        assertThat(score("starts_with", Map.of(), "The capital is Paris", "Paris", null)).isZero();
        assertThat(score("starts_with", Map.of("ignoreCase", true), "paris, of course", "Paris", null)).isEqualTo(1);
        assertThat(score("contains", Map.of("negate", true), "I cannot help with that", "sorry", null)).isEqualTo(1);
        assertThat(score("contains", Map.of("negate", true), "sorry, no", "sorry", null)).isZero();
        assertThat(score("regex", Map.of("pattern", "\\d", "negate", true), "no digits here", null, null)).isEqualTo(1);
        assertThat(score("levenshtein", Map.of("maxDistance", 3), "kitten", "sitting", null)).isEqualTo(1);
        assertThat(score("levenshtein", Map.of("maxDistance", 2), "kitten", "sitting", null)).isZero();
        assertThat(score("levenshtein", Map.of("maxDistance", 2, "negate", true), "kitten", "sitting", null)).isEqualTo(1);

        assertThat(Checks.problems("semantic_similarity", Map.of("negate", true))).containsKey("negate");
        assertThat(Checks.problems("contains", Map.of("negate", "yes"))).containsEntry("negate", "must be true or false");
        assertThat(Checks.problems("levenshtein", Map.of("maxDistance", -1))).containsKey("maxDistance");
        assertThat(Checks.problems("levenshtein", Map.of("maxDistance", 2.5))).containsKey("maxDistance");
        assertThat(Checks.problems("levenshtein", Map.of("maxDistance", 2, "negate", true))).isEmpty();
    }

    @Test
    void aSchemaCannotMakeTheCheckFetchAnything() throws Exception {
        try (java.net.ServerSocket server = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(500);
            Map<String, Object> schema = Map.of("schema", Map.of("$ref", "http://127.0.0.1:" + server.getLocalPort() + "/schema.json"));
            try {
                Checks.problems("json_schema", schema);
                checks.score("json_schema", schema, "{}", null, null);
                checks.score("contains_json", schema, "{}", null, null);
            } catch (RuntimeException refused) {
                // refusing the reference is fine; fetching it is not
            }
            org.assertj.core.api.Assertions.assertThatThrownBy(server::accept).as("no connection was made to the $ref's host")
                                                .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void jsonInsideProse() {
        assertThat(score("contains_json", Map.of(), "Here you are: {\"city\": \"Paris\"} - enjoy", null, null)).isEqualTo(1);
        assertThat(score("contains_json", Map.of(), "```json\n[1, 2, 3]\n```", null, null)).isEqualTo(1);
        assertThat(score("contains_json", Map.of(), "no braces {at all", null, null)).isZero();
        Map<String, Object> schema = Map.of("schema", Map.of("type", "object", "required", List.of("city")));
        assertThat(score("contains_json", schema, "first {\"x\": 1} then {\"city\": \"Rome\"}", null, null))
                .as("the second object matches the schema").isEqualTo(1);
        assertThat(score("contains_json", schema, "only {\"x\": 1}", null, null)).isZero();
        assertThat(score("contains_json", Map.of("negate", true), "plain text", null, null)).isEqualTo(1);
        // a long run of brackets is tried at most MAX_JSON_STARTS times, not once per character
        assertThat(score("contains_json", Map.of(), "{".repeat(200_000), null, null)).isZero();
    }

    @Test
    void jsonChecks() {
        assertThat(score("json_valid", Map.of(), "{\"a\":1}", null, null)).isEqualTo(1);
        assertThat(score("json_valid", Map.of(), "{a:1}", null, null)).isZero();
        Map<String, Object> schema = Map.of("schema", Map.of("type", "object", "required", List.of("answer"),
                                                             "properties", Map.of("answer", Map.of("type", "string"))));
        assertThat(score("json_schema", schema, "{\"answer\":\"yes\"}", null, null)).isEqualTo(1);
        var wrong = checks.score("json_schema", schema, "{\"answer\":3}", null, null);
        assertThat(wrong.score()).isZero();
        assertThat(wrong.detail().toString()).contains("answer");
        assertThat(Checks.problems("json_schema", Map.of("schema", "not a schema"))).containsKey("schema");
    }

    @Test
    void semanticSimilarityTellsParaphrasesFromUnrelatedText() {
        double paraphrase = score("semantic_similarity", Map.of(), "Refunds are processed within five business days.",
                                  "It takes 5 working days to get your money back.", null);
        double unrelated = score("semantic_similarity", Map.of(), "The weather in Lisbon is sunny today.",
                                 "It takes 5 working days to get your money back.", null);
        assertThat(paraphrase).isGreaterThan(0.5);
        assertThat(unrelated).isLessThan(0.25);
    }

    @Test
    void groundednessIsTheShareOfSupportedSentences() {
        String context = "Orders ship within 2 days. Returns are accepted for 30 days after delivery. Shipping is free above 50 euros.";
        assertThat(score("groundedness", Map.of(), "Returns are accepted for 30 days after delivery.", null, context)).isEqualTo(1);
        var half = checks.score("groundedness", Map.of(),
                                "Orders ship within 2 days. Returns are accepted for 90 days.", null, context);
        assertThat(half.score()).isEqualTo(0.5);
        assertThat(half.detail().toString()).contains("90 days");
        assertThat(score("groundedness", Map.of(), "We also sell gift cards for every occasion.", null, context)).isZero();
    }

    @Test
    void toxicityFindsLexiconTermsThroughDisguises() {
        assertThat(Toxicity.find("You are an 1d10t and a l0ser")).extracting(Toxicity.Finding::category).contains("insult");
        assertThat(Toxicity.find("I will kill you")).extracting(Toxicity.Finding::category).containsOnly("threat");
        assertThat(Toxicity.find("Thank you for your patience, the refund is on its way.")).isEmpty();
        assertThat(Toxicity.find("Skills assessment")).as("whole words only").isEmpty();
        assertThat(Toxicity.find("What IDIOTS. You MORONS.")).extracting(Toxicity.Finding::term).containsExactly("idiot", "moron");
        assertThat(Toxicity.find("I will kill,you")).as("the words of a phrase are apart only by spaces").isEmpty();
        assertThat(Toxicity.find("I will kill\n  you")).extracting(Toxicity.Finding::category).containsOnly("threat");
    }

    @Test
    void piiIsFoundAndConfirmedByChecksums() {
        assertThat(types("Write to jane.doe@example.com")).containsExactly("email");
        assertThat(types("Card 4111 1111 1111 1111 expires soon")).containsExactly("payment_card");
        assertThat(types("Card 4111 1111 1111 1112 is not one")).isEmpty();
        assertThat(types("IBAN DE89 3704 0044 0532 0130 00")).containsExactly("iban");
        assertThat(types("IBAN DE89 3704 0044 0532 0130 01")).isEmpty();
        assertThat(types("SSN 123-45-6789")).containsExactly("us_ssn");
        assertThat(types("SSN 666-45-6789")).isEmpty();
        assertThat(types("Call +44 20 7946 0958 or (555) 123-4567")).containsExactly("phone", "phone");
        assertThat(types("Order 12345 shipped in 2026")).isEmpty();
    }

    private static List<String> types(String text) {
        return Pii.find(text).stream().map(Pii.Finding::type).toList();
    }

    @Test
    @org.junit.jupiter.api.Timeout(30) // a hang guard, not a measurement: backtracking would take astronomically long here
    void aCatastrophicPatternRunsInLinearTimeAndBackReferencesAreRefused() {
        String evil = "a".repeat(5_000) + "!";
        assertThat(score("regex", Map.of("pattern", "^(a+)+$"), evil, null, null)).isZero();
        assertThat(score("regex", Map.of("pattern", "(a|aa)*b", "match", "full"), evil, null, null)).isZero();
        assertThat(Checks.problems("regex", Map.of("pattern", "(a)\\1")))
                .containsKey("pattern");
        assertThat(Checks.problems("regex", Map.of("pattern", "(a)\\1")).get("pattern"))
                .contains("linear time");
    }
}
