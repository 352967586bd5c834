package io.modelledger.registry.promotion.web;

import io.modelledger.platform.domain.UnavailableException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.governance.AliasGovernance;
import io.modelledger.registry.governance.DefaultGovernanceSettings;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.model.api.DefinePromotionPolicy;
import io.modelledger.registry.model.api.RequestPromotion;
import io.modelledger.registry.promotion.api.CountOpenCriticalAlerts;
import io.modelledger.registry.promotion.api.FindVerdicts;
import io.modelledger.registry.promotion.api.ReadModels;
import io.modelledger.registry.promotion.api.Verdicts;
import io.modelledger.registry.prompt.api.RequestPromptPromotion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Promotions and policies as a web slice: a request carries the evidence the registry holds now (and none while
 * that evidence may be stale), and a policy is checked before any command is sent.
 */
@WebMvcTest(PromotionController.class)
@WebSlice
@Import(DefaultGovernanceSettings.class)
class PromotionControllerTest {

    private static final String SHA = "e".repeat(64);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    ProjectionGate gate;

    @BeforeEach
    void evidence() {
        when(queries.query(any(FindVerdicts.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new Verdicts(Set.of(), List.of())));
        when(queries.query(any(CountOpenCriticalAlerts.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(2));
        when(queries.query(any(io.modelledger.registry.promotion.api.FindCanaryAnalyses.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new io.modelledger.registry.promotion.api.CanaryAnalyses(null)));
        when(commands.sendAndWait(any(RequestPromotion.class))).thenReturn(
                new AliasGovernance.Outcome("p-1", "pending", 0, 1, List.of(), Map.of()));
    }

    @Test
    void aModelPromotionCarriesTheOpenCriticalAlertsAndTheRequestTime() throws Exception {
        mvc.perform(post("/api/registry/models/fraud/promotions").contentType(MediaType.APPLICATION_JSON)
                                                                   .content("{\"version\": 2, \"alias\": \"production\"}"))
           .andExpect(status().isCreated()).andExpect(jsonPath("$.status").value("pending"));
        ArgumentCaptor<RequestPromotion> sent = ArgumentCaptor.forClass(RequestPromotion.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().evidence().openCriticalAlerts()).isEqualTo(2);
        assertThat(sent.getValue().requestedAt()).isEqualTo(WebSlice.NOW);
        verify(queries).query(eq(new FindVerdicts("model", "fraud", 2)), any(ResponseType.class));
        verify(gate).requireCurrent(eq(ReadModels.EVIDENCE), any(Duration.class));
    }

    @Test
    void aPromptPromotionAsksForNoAlerts() throws Exception {
        when(commands.sendAndWait(any(RequestPromptPromotion.class))).thenReturn(
                new AliasGovernance.Outcome("p-2", "pending", 0, 1, List.of(), Map.of()));
        mvc.perform(post("/api/registry/prompts/support/promotions").contentType(MediaType.APPLICATION_JSON)
                                                                      .content("{\"version\": 3, \"alias\": \"production\"}"))
           .andExpect(status().isCreated());
        ArgumentCaptor<RequestPromptPromotion> sent = ArgumentCaptor.forClass(RequestPromptPromotion.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().evidence().openCriticalAlerts()).isZero();
        verify(queries, never()).query(any(CountOpenCriticalAlerts.class), any(ResponseType.class));
    }

    @Test
    void whileTheEvidenceMayBeStaleNoPromotionIsRequested() throws Exception {
        doThrow(new UnavailableException("The promotion-evidence read model is behind the event store"))
                .when(gate).requireCurrent(eq(ReadModels.EVIDENCE), any(Duration.class));
        mvc.perform(post("/api/registry/models/fraud/promotions").contentType(MediaType.APPLICATION_JSON)
                                                                   .content("{\"version\": 2, \"alias\": \"production\"}"))
           .andExpect(status().isServiceUnavailable());
        verifyNoInteractions(commands);
    }

    @Test
    void aPolicyNamingASuiteTwiceIsA400NamingTheSecond() throws Exception {
        String requirement = "{\"suite\": \"qa\", \"suiteSha256\": \"" + SHA + "\"}";
        mvc.perform(put("/api/registry/models/fraud/policies/production").contentType(MediaType.APPLICATION_JSON)
                                                                           .content("{\"requiredApprovals\": 1, \"requirements\": [" + requirement + ", "
                                                                                    + requirement + "]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("requirements[1].suite"));
        verifyNoInteractions(commands);
    }

    @Test
    void aPolicyWithARequestTtlBeyondAYearIsA400NamingIt() throws Exception {
        mvc.perform(put("/api/registry/models/fraud/policies/production").contentType(MediaType.APPLICATION_JSON)
                                                                           .content("{\"requiredApprovals\": 1, \"requestTtl\": \"P400D\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("requestTtl"));
        verify(commands, never()).sendAndWait(any(DefinePromotionPolicy.class));
    }

    @Test
    void approvingAPolicyChangeThatIsNoUuidIsA400() throws Exception {
        mvc.perform(post("/api/registry/models/fraud/policies/production/changes/latest/approvals")).andExpect(status().isBadRequest());
        verifyNoInteractions(commands);
    }
}
