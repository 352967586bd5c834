package io.modelledger.eval.run.targets;

import io.modelledger.eval.run.query.RunDocument;
import io.modelledger.eval.run.targets.EvalProperties;
import io.modelledger.eval.run.targets.HttpTarget;
import io.modelledger.eval.run.targets.OpenAiTarget;
import io.modelledger.eval.run.targets.PredictionsTarget;
import io.modelledger.eval.run.targets.Target;
import io.modelledger.eval.run.targets.TargetSpec;
import io.modelledger.eval.run.targets.Targets;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.observe.OutboundHttp;
import io.modelledger.platform.outbound.GuardedHttp;
import io.modelledger.platform.outbound.HostResolver;
import io.modelledger.platform.outbound.OutboundGuard;
import io.modelledger.platform.test.OpenAiCompatibleStub;
import io.modelledger.platform.web.StrictJson;
import io.opentelemetry.api.OpenTelemetry;
import jakarta.validation.Validation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Target descriptions as a run's request gives them: typed, validated, refused with the field named, and called over real HTTP. */
class TargetsTest {

    private static final OpenAiCompatibleStub STUB = new OpenAiCompatibleStub("sk-test", message -> "echo: " + message, 0, 0, Set.of(), 0);
    private static final JsonMapper JSON;

    static {
        JsonMapper.Builder builder = JsonMapper.builder();
        StrictJson.apply(builder);
        JSON = builder.build();
    }

    private final EvalProperties properties = new EvalProperties(
            Map.of("openai", "sk-test"), Map.of("openai", List.of("127.0.0.1")),
            Map.of("gpt-x", new EvalProperties.Price(1_000_000, 2_000_000)), List.of(), null, null, null, null, null, 16,
            null, null, Duration.ofMillis(1), null);
    private final Targets targets = new Targets(properties, null, null,
            new GuardedHttp(new OutboundGuard(HostResolver.system(), List.of("127.0.0.1")), new OutboundHttp(OpenTelemetry.noop()),
                            1 << 20, Duration.ofSeconds(2)),
            JSON, Validation.buildDefaultValidatorFactory().getValidator());

    @AfterAll
    static void stop() {
        STUB.close();
    }

    private static Map<String, Object> description(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private void refused(String kind, Map<String, Object> description, String field, String message) {
        assertThatThrownBy(() -> targets.check(kind, description)).isInstanceOf(FieldException.class)
                .satisfies(e -> assertThat(((FieldException) e).field()).isEqualTo(field)).hasMessageContaining(message);
    }

    @Test
    void aDescriptionIsReadIntoTheRecordOfItsKind() {
        TargetSpec http = targets.check("http", description("url", STUB.baseUrl() + "/chat/completions", "requestTemplate", "{\"q\":\"{{input}}\"}",
                                                            "outputPointer", "/choices/0/message/content", "model", "gpt-x", "concurrency", 4));
        assertThat(http).isEqualTo(new HttpTarget(null, STUB.baseUrl() + "/chat/completions", null, "{\"q\":\"{{input}}\"}",
                                                  "/choices/0/message/content", null, null, "gpt-x", 4, null, null));
        TargetSpec openAi = targets.check("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "max_tokens", 64,
                                                                "top_p", 0.5, "seed", 7));
        assertThat(openAi).isInstanceOfSatisfying(OpenAiTarget.class, o -> {
            assertThat(o.maxTokens()).isEqualTo(64);
            assertThat(o.topP()).isEqualTo(0.5);
            assertThat(o.seed()).isEqualTo(7L);
        });
        assertThat(targets.check("predictions", description())).isEqualTo(new PredictionsTarget(null));
    }

    @Test
    void eachWrongFieldIsNamedAsTheDescriptionSpellsIt() {
        refused("gopher", description(), "target.kind", "must be predictions, openai or http");
        refused(null, description(), "target.kind", "must be predictions, openai or http");
        refused("predictions", description("url", "http://x"), "target.url", "is not a field of a predictions target");
        refused("http", description("url", STUB.baseUrl(), "outputPointer", "/a"), "target.requestTemplate", "required: the JSON body");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "concurrency", "5"), "target.concurrency", "must be an integer");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "concurrency", 1.5), "target.concurrency", "must be an integer");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "concurrency", 17), "target.concurrency", "from 1 to 16");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "concurrency", 0), "target.concurrency", "must be greater than or equal to 1");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "max_tokens", 0), "target.max_tokens", "must be greater than or equal to 1");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "top_p", 1.5), "target.top_p", "must be less than or equal to 1");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "timeoutMs", 50), "target.timeoutMs", "must be greater than or equal to 100");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "maxTokens", 5), "target.maxTokens",
                "is not a field of a openai target");
        refused("http", description("url", STUB.baseUrl(), "requestTemplate", "{}", "outputPointer", "no-slash"),
                "target.outputPointer", "not a JSON pointer");
    }

    @Test
    void secretsGoOnlyWhereTheyAreConfiguredFor() {
        refused("openai", description("baseUrl", STUB.baseUrl()), "target.secret", "required: the name of a configured secret");
        refused("openai", description("baseUrl", STUB.baseUrl(), "secret", "nope"), "target.secret", "must name a configured secret");
        refused("openai", description("baseUrl", STUB.baseUrl().replace("127.0.0.1", "localhost"), "secret", "openai"),
                "target.baseUrl", "is not one secret 'openai' may be sent to");
        refused("openai", description("baseUrl", "ftp://127.0.0.1/v1", "secret", "openai"), "target.baseUrl", "absolute http(s) URL");
        refused("http", description("url", "http://10.1.2.3/x", "requestTemplate", "{}", "outputPointer", "/a"), "target.url",
                "host 10.1.2.3 resolves to 10.1.2.3, a");
    }

    private static RunDocument run(String kind, Map<String, Object> target) {
        return new RunDocument("run-1", "suite", 1, "sha", "model", "fraud", 1, kind, target, "manual", RunDocument.RUNNING, 1, 0, 0,
                               null, null, "user:carol", null, null, null, null, 1, null, null, null, null, null);
    }

    @Test
    void aDescriptionAnEarlierReleaseStoredStillRuns() {
        // numbers as text or with a fraction, and a field since dropped, were never refused before typed targets
        Map<String, Object> stored = description("baseUrl", STUB.baseUrl(), "secret", "openai", "temperature", "0.2", "max_tokens", 64.0,
                                                 "seed", "7", "retired", true);
        Target.Answer answer = targets.create(run("openai", stored))
                                      .answer(new SuiteCase("c1", "hi", Map.of(), null, null, Map.of(), List.of()));
        assertThat(answer.error()).isNull();
        assertThat(answer.output()).isEqualTo("echo: hi");
        assertThatThrownBy(() -> targets.check("openai", stored)).as("a new run may not send it so").isInstanceOf(FieldException.class);
    }

    @Test
    void theTargetsOfARunCallTheEndpointAndCostTheTokens() {
        SuiteCase hello = new SuiteCase("c1", "hello \"world\"", Map.of(), null, null, Map.of(), List.of());
        Target openAi = targets.create(run("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai", "model", "gpt-x")));
        Target.Answer answer = openAi.answer(hello);
        assertThat(answer.error()).isNull();
        assertThat(answer.output()).isEqualTo("echo: hello \"world\"");
        assertThat(answer.promptTokens()).isPositive();
        assertThat(answer.cost()).as("priced from the table: 1 per prompt token, 2 per completion token")
                                 .isEqualTo(answer.promptTokens() + 2.0 * answer.completionTokens());

        Target http = targets.create(run("http", description(
                "url", STUB.baseUrl() + "/chat/completions", "secret", "openai",
                "requestTemplate", "{\"messages\":[{\"role\":\"user\",\"content\":\"{{input}} ({{id}})\"}]}",
                "outputPointer", "/choices/0/message/content", "promptTokensPointer", "/usage/prompt_tokens")));
        Target.Answer templated = http.answer(hello);
        assertThat(templated.output()).as("the input JSON-escaped into the template").isEqualTo("echo: hello \"world\" (c1)");
        assertThat(templated.cost()).as("tokens and no model: no price, so unpriced, never free").isNull();

        Target missing = targets.create(run("http", description(
                "url", STUB.baseUrl() + "/chat/completions", "secret", "openai",
                "requestTemplate", "{\"messages\":[{\"role\":\"user\",\"content\":\"{{input}}\"}]}", "outputPointer", "/answer")));
        assertThat(missing.answer(hello).error()).isEqualTo("the response has no output at the configured pointer");
        Target unkeyed = targets.create(run("http", description(
                "url", STUB.baseUrl() + "/chat/completions",
                "requestTemplate", "{\"messages\":[{\"role\":\"user\",\"content\":\"{{input}}\"}]}", "outputPointer", "/a")));
        assertThat(unkeyed.answer(hello).error()).as("the stub wants its key").startsWith("HTTP 401");
        assertThat(targets.concurrency(run("openai", description("baseUrl", STUB.baseUrl(), "secret", "openai")))).isEqualTo(8);
    }
}
