package io.modelledger.registry.model.web;

import io.modelledger.contracts.registry.TrafficSplit;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.model.api.AssignAlias;
import io.modelledger.registry.model.api.DeployVersion;
import io.modelledger.registry.model.api.FindModel;
import io.modelledger.registry.model.api.FindModelVersion;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.ModelView;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Aliases and deployments as a web slice: commands for the aggregate to decide, and 404s for what does not exist. */
@WebMvcTest(GovernanceController.class)
@WebSlice
class GovernanceControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    private void fraudWithAliases(Map<String, Integer> aliases) {
        when(queries.query(any(FindModel.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.of(
                new ModelView("fraud", null, Map.of(), 2, Instant.parse("2026-11-01T00:00:00Z"), "alice", aliases, Map.of(), Map.of(),
                              null, "other", null, false, 3))));
    }

    @Test
    void aCanaryIsOneDeployCommandAndAnswersWithTheTrafficSplit() throws Exception {
        when(commands.sendAndWait(any(DeployVersion.class))).thenReturn(List.of(new TrafficSplit(1, 90), new TrafficSplit(2, 10)));
        mvc.perform(put("/api/registry/models/fraud/deployments/prod").contentType(MediaType.APPLICATION_JSON)
                                                                       .content("{\"version\": 2, \"percent\": 10}"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.traffic[1].percent").value(10));
        verify(commands).sendAndWait(new DeployVersion(new ModelId("fraud"), "prod", 2, 10));
    }

    @Test
    void aSplitAbove100IsA400NamingPercent() throws Exception {
        mvc.perform(put("/api/registry/models/fraud/deployments/prod").contentType(MediaType.APPLICATION_JSON)
                                                                       .content("{\"version\": 2, \"percent\": 150}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("percent"));
        verifyNoInteractions(commands);
    }

    @Test
    void movingAProtectedAliasDirectlyIsRefusedByTheAggregateAsA409() throws Exception {
        when(commands.sendAndWait(any(AssignAlias.class))).thenThrow(new ConflictException("'production' is protected: request a promotion"));
        mvc.perform(put("/api/registry/models/fraud/aliases/production").contentType(MediaType.APPLICATION_JSON).content("{\"version\": 2}"))
           .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value("'production' is protected: request a promotion"));
    }

    @Test
    void anAliasNobodySetIsA404AndNoVersionIsLookedUp() throws Exception {
        fraudWithAliases(Map.of("production", 1));
        mvc.perform(get("/api/registry/models/fraud/aliases/staging")).andExpect(status().isNotFound())
           .andExpect(jsonPath("$.detail").value("Model 'fraud' has no alias 'staging'"));
        verify(queries, never()).query(any(FindModelVersion.class), any(ResponseType.class));
    }

    @Test
    void anAliasThatIsNoLabelIsA400() throws Exception {
        mvc.perform(put("/api/registry/models/fraud/aliases/Prod%20Uction").contentType(MediaType.APPLICATION_JSON).content("{\"version\": 2}"))
           .andExpect(status().isBadRequest());
        verifyNoInteractions(commands);
    }
}
