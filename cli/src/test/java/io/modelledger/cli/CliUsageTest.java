package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the command line does before it reaches a platform: usage errors, help, and how a promptfoo config maps. */
class CliUsageTest {

    record Result(int exit, String out, String err) {
    }

    private static Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ModelLedger.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void usageMistakesExitWithTwoAndSayWhat() {
        Map<String, String> nowhere = Map.of("MODELLEDGER_CONFIG_DIR", "target/no-such-config");
        assertThat(run(nowhere, "--help").exit()).isZero();
        Result noUrl = run(nowhere, "models", "list");
        assertThat(noUrl.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(noUrl.err()).contains("no platform URL: set MODELLEDGER_URL");
        Result badSubject = run(Map.of("MODELLEDGER_URL", "http://127.0.0.1:9"), "eval", "run", "--suite", "s", "--subject", "model:x",
                                "--target", "t");
        assertThat(badSubject.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(badSubject.err()).contains("--subject 'model:x' is not model:NAME:VERSION");
        Result unknown = run(nowhere, "modles");
        assertThat(unknown.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(unknown.err()).contains("models");
        assertThat(run(nowhere, "promote", "approve", "1234").err()).contains("model:NAME:ID");
        assertThat(run(Map.of("MODELLEDGER_URL", "file:///etc/passwd"), "models", "list").err()).contains("must be http(s)://");
    }

    @Test
    void aKeyGoesOnlyWhereItWasSavedForAndIsNeverEchoed(@org.junit.jupiter.api.io.TempDir Path config) throws Exception {
        new Settings(Map.of("MODELLEDGER_CONFIG_DIR", config.toString())).save("http://127.0.0.1:9", "mlk_0123456789abcdef_secret");
        Result elsewhere = run(Map.of("MODELLEDGER_CONFIG_DIR", config.toString()), "models", "list", "--url", "http://127.0.0.1:19");
        assertThat(elsewhere.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(elsewhere.err()).contains("the saved key belongs to http://127.0.0.1:9").doesNotContain("secret");
        Result pasted = run(Map.of("MODELLEDGER_URL", "http://127.0.0.1:9", "MODELLEDGER_API_KEY", "mlk_0123456789abcdef_sec\nret"),
                            "models", "list");
        assertThat(pasted.exit()).isEqualTo(ModelLedger.ERROR);
        assertThat(pasted.err()).contains("holds a character no key has").doesNotContain("sec");
    }

    @Test
    void aRedirectIsNotFollowedNorTakenForSuccess() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().add("Location", "https://elsewhere.example/api/access/keys/0123456789abcdef");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.start();
        try {
            Result revoked = run(Map.of("MODELLEDGER_URL", "http://127.0.0.1:" + server.getAddress().getPort(), "MODELLEDGER_API_KEY", "mlk_x"),
                                 "keys", "revoke", "0123456789abcdef");
            assertThat(revoked.exit()).isEqualTo(ModelLedger.ERROR);
            assertThat(revoked.out()).doesNotContain("Revoked");
            assertThat(revoked.err()).contains("302 redirected to https://elsewhere.example/");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPromptfooConfigReadsNothingOutsideItsDirectoryAndNoYamlAliases(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("outside.txt"), "a secret");
        Path project = java.nio.file.Files.createDirectory(dir.resolve("project"));
        Path escaping = java.nio.file.Files.writeString(project.resolve("promptfooconfig.yaml"), """
                prompts: [file://../outside.txt]
                tests: [{vars: {x: 1}, assert: [{type: contains, value: a}]}]
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromptfooImport.plan(escaping, 1.0))
                .hasMessageContaining("is outside the config's directory");
        Path aliased = java.nio.file.Files.writeString(project.resolve("aliased.yaml"), """
                shared: &checks
                  - {type: contains, value: a}
                prompts: ["{{x}}"]
                tests: [{vars: {x: 1}, assert: *checks}]
                """);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PromptfooImport.plan(aliased, 1.0))
                .hasMessageContaining("line 4 uses a YAML alias");
    }

    @Test
    void aReportHoldsOnlyWhatXmlAllows() {
        assertThat(JUnitReport.clean("ok\u0000\u001b[31mred]]></x>\t\n")).isEqualTo("ok\uFFFD\uFFFD[31mred]]></x>\t\n");
    }

    @Test
    void aPromptfooConfigIsExpandedMappedAndWhatCannotBeIsNamed() throws Exception {
        PromptfooImport.Plan plan = PromptfooImport.plan(Path.of("src/test/resources/promptfoo/edge-cases.yaml"), 1.0);
        assertThat(plan.prompts()).extracting(p -> p.path("template").asText())
                                  .containsExactly("Write about {{topic}} in {{style}}.", "Second: {{topic}} in {{style}}");
        assertThat(plan.prompts().getFirst().path("targetProvider").asText()).isEqualTo("openai");
        assertThat(plan.prompts().getFirst().path("targetModel").asText()).isEqualTo("gpt-4o-mini");
        assertThat(plan.notes()).anyMatch(n -> n.contains("compares 2 providers"));

        JsonNode cases = plan.suite().path("cases");
        assertThat(cases).as("2 topics x 2 styles, and two tests from a file").hasSize(6);
        JsonNode first = cases.get(0);
        assertThat(first.path("id").asText()).isEqualTo("1-expanded.1");
        assertThat(first.path("variables").path("topic").asText()).isEqualTo("tides");
        assertThat(first.path("variables").path("style").asText()).as("the test's vars win over defaultTest's").isEqualTo("haiku");
        JsonNode containsAll = first.path("assertions").get(0);
        assertThat(containsAll.path("params").path("values").toString()).isEqualTo("[\"tides\",\"haiku\"]");
        assertThat(containsAll.path("params").path("mode").asText()).isEqualTo("all");
        assertThat(containsAll.path("params").path("ignoreCase").asBoolean()).isTrue();
        JsonNode notSimilar = first.path("assertions").get(1);
        assertThat(notSimilar.path("check").asText()).isEqualTo("semantic_similarity");
        assertThat(notSimilar.path("params").path("negate").asBoolean()).isTrue();
        assertThat(notSimilar.path("threshold").asDouble()).isEqualTo(0.75);
        assertThat(cases.get(5).path("variables").path("style").asText()).as("defaultTest vars fill in").isEqualTo("prose");
        assertThat(cases.get(5).path("assertions").get(0).path("params").path("maxDistance").asInt()).as("promptfoo's default").isEqualTo(5);

        List<String> unsupported = new java.util.ArrayList<>();
        plan.unsupported().forEach(u -> unsupported.add(u.path("test").asText() + " " + u.path("assertion").asText() + " "
                                                                + u.path("type").asText() + ": " + u.path("reason").asText()));
        assertThat(unsupported).hasSize(3);
        assertThat(unsupported.get(0)).startsWith("1 (expanded) assert[2] regex: the pattern needs a JavaScript regex feature");
        assertThat(unsupported.get(1)).startsWith("2 assert[0] python: runs Python");
        assertThat(unsupported.get(2)).startsWith("2 assert[1] contains: its 'transform' has no equivalent");
        assertThat(plan.notes()).anyMatch(n -> n.contains("test 2 has no assertion that could be imported"));
        assertThat(plan.mapped()).containsEntry("icontains-all", 1).containsEntry("not-similar", 1).containsEntry("levenshtein", 1);
    }
}
