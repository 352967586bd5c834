package io.modelledger.registry.prompt.command;

import io.modelledger.contracts.prompt.PromptTemplate;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.contracts.registry.PromotionApproved;
import io.modelledger.contracts.registry.PromotionCompleted;
import io.modelledger.contracts.registry.PromotionPolicyDefined;
import io.modelledger.contracts.registry.PromotionRequested;
import io.modelledger.contracts.registry.PromptAliasAssigned;
import io.modelledger.contracts.registry.PromptRegistered;
import io.modelledger.contracts.registry.PromptVersionRegistered;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.prompt.api.ApprovePromptPromotion;
import io.modelledger.registry.prompt.api.AssignPromptAlias;
import io.modelledger.registry.prompt.api.PromptId;
import io.modelledger.registry.prompt.api.RegisterPrompt;
import io.modelledger.registry.prompt.api.RegisterPromptVersion;
import io.modelledger.contracts.registry.SuiteRequirement;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.VerdictEvidence;
import io.modelledger.registry.prompt.api.RequestPromptPromotion;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PromptTest {

    private static final PromptId ID = new PromptId("support-answer");
    private static final String TEMPLATE = "Answer {{customer}} about {{ topic }} politely. Customer: {{customer}}";
    private AggregateTestFixture<Prompt> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Prompt.class);
        fixture.registerInjectableResource(io.modelledger.registry.governance.GovernanceSettings.defaults());
    }

    @Test
    void registeringAPromptRecordsIt() {
        fixture.givenNoPriorActivity()
               .when(new RegisterPrompt(ID, "support bot", Map.of()))
               .expectEvents(new PromptRegistered("support-answer", "support bot", Map.of()));
    }

    @Test
    void aVersionDeclaresExactlyTheVariablesItsTemplateUses() {
        fixture.given(new PromptRegistered("support-answer", null, Map.of()))
               .when(new RegisterPromptVersion(ID, TEMPLATE, null, "openai", "gpt-4o-mini", Map.of("temperature", 0.2), "first"))
               .expectResultMessagePayload(1)
               .expectEvents(new PromptVersionRegistered("support-answer", 1, TEMPLATE, List.of("customer", "topic"), "openai",
                                                         "gpt-4o-mini", Map.of("temperature", 0.2), "first"));
    }

    @Test
    void declaredVariablesTheTemplateDoesNotUseAreRefused() {
        fixture.given(new PromptRegistered("support-answer", null, Map.of()))
               .when(new RegisterPromptVersion(ID, TEMPLATE, List.of("customer", "topic", "tone"), null, null, null, "x"))
               .expectException(FieldException.class)
               .expectNoEvents();
    }

    @Test
    void anAliasPointsAtAnExistingVersionOnly() {
        fixture.given(new PromptRegistered("support-answer", null, Map.of()),
                      new PromptVersionRegistered("support-answer", 1, TEMPLATE, List.of("customer", "topic"), null, null, null, "x"))
               .when(new AssignPromptAlias(ID, "staging", 2))
               .expectException(NotFoundException.class);
        fixture.given(new PromptRegistered("support-answer", null, Map.of()),
                      new PromptVersionRegistered("support-answer", 1, TEMPLATE, List.of("customer", "topic"), null, null, null, "x"))
               .when(new AssignPromptAlias(ID, "staging", 1))
               .expectEvents(new PromptAliasAssigned("support-answer", "staging", 1, null, null));
    }

    @Test
    void aProtectedPromptAliasMovesOnlyThroughAnApprovedPromotion() {
        PromptVersionRegistered v1 = new PromptVersionRegistered("support-answer", 1, TEMPLATE, List.of("customer", "topic"),
                                                                 null, null, null, "x");
        String suiteSha = "d".repeat(64);
        PromotionPolicyDefined policy = new PromotionPolicyDefined("prompt", "support-answer", "production", 1,
                List.of("tone-check"), 1, true, false, 3600, List.of(new SuiteRequirement("tone-check", suiteSha, false, true, 1, 0)));
        PromotionRequested requested = new PromotionRequested("p-9", "prompt", "support-answer", 1, "production", "user:carol",
                                                              1, 1, fixture.currentTime().plusSeconds(3600), Map.of("tone-check", "ev-9"));
        VerdictEvidence named = new VerdictEvidence("ev-9", "run-9", "tone-check", suiteSha, true, "user:dave", "api", "openai",
                                                    "https://llm.example/v1", "support-llm", 20, 0, fixture.currentTime());
        VerdictEvidence adHoc = new VerdictEvidence("ev-8", "run-8", "tone-check", suiteSha, true, "user:dave", "api", "openai",
                                                    "http://127.0.0.1:9/v1", null, 20, 0, fixture.currentTime());
        fixture.given(new PromptRegistered("support-answer", null, Map.of()), v1, policy)
               .when(GenericCommandMessage.asCommandMessage(new RequestPromptPromotion(
                               ID, "p-8", 1, "production", new AliasGovernance.Evidence(List.of(adHoc), 0), fixture.currentTime()))
                       .andMetaData(Map.of(MetadataKeys.ACTOR, "user:carol")))
               .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                       org.hamcrest.Matchers.containsString("not an admin-configured named target")));
        fixture.given(new PromptRegistered("support-answer", null, Map.of()), v1, policy)
               .when(new AssignPromptAlias(ID, "production", 1))
               .expectException(io.modelledger.platform.domain.ConflictException.class);
        fixture.given(new PromptRegistered("support-answer", null, Map.of()), v1, policy)
               .when(GenericCommandMessage.asCommandMessage(new RequestPromptPromotion(
                               ID, "p-9", 1, "production", new AliasGovernance.Evidence(List.of(named), 0), fixture.currentTime()))
                       .andMetaData(Map.of(MetadataKeys.ACTOR, "user:carol")))
               .expectEvents(requested);
        fixture.given(new PromptRegistered("support-answer", null, Map.of()), v1, policy, requested)
               .when(GenericCommandMessage.asCommandMessage(new ApprovePromptPromotion(
                               ID, "p-9", new AliasGovernance.Evidence(List.of(named), 0)))
                       .andMetaData(Map.of(MetadataKeys.ACTOR, "user:dave")))
               .expectEvents(new PromotionApproved("p-9", "prompt", "support-answer", "user:dave", 1, 1),
                             new PromotionCompleted("p-9", "prompt", "support-answer", 1, "production",
                                                    Map.of("tone-check", "ev-9")),
                             new PromptAliasAssigned("support-answer", "production", 1, null, "p-9"));
    }

    @Test
    void renderingFillsEveryPlaceholderAndNamesWhatIsMissingOrUnknown() {
        assertThat(PromptTemplate.render(TEMPLATE, Map.of("customer", "Ada", "topic", "refunds")))
                .isEqualTo("Answer Ada about refunds politely. Customer: Ada");
        assertThat(PromptTemplate.problems(TEMPLATE, Map.of("customer", "Ada", "mood", "x")))
                .containsOnlyKeys("topic", "mood");
        assertThat(PromptTemplate.render("Cost: {{amount}}", Map.of("amount", "$5 \\\\ more"))).isEqualTo("Cost: $5 \\\\ more");
    }
}
