package io.modelledger.registry.access.web;

import io.modelledger.platform.domain.UnavailableException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.web.WebSlice;
import io.modelledger.registry.access.api.ApiKeyCredential;
import io.modelledger.registry.access.api.ApiKeyList;
import io.modelledger.registry.access.api.ApiKeyRequestList;
import io.modelledger.registry.access.api.ListApiKeyRequests;
import io.modelledger.registry.access.api.ApiKeyView;
import io.modelledger.registry.access.api.FindApiKeyCredential;
import io.modelledger.registry.access.api.IssueApiKey;
import io.modelledger.registry.access.api.ListApiKeys;
import io.modelledger.registry.access.api.ReadModels;
import io.modelledger.registry.access.api.RequestApiKeyIssuance;
import io.modelledger.registry.governance.DefaultGovernanceSettings;
import io.modelledger.registry.governance.GovernanceSettings;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** API keys as a web slice: who may make which key alone, what is shown once, and what the gateway is told about a key. */
@WebMvcTest(AccessKeyController.class)
@WebSlice
@Import(DefaultGovernanceSettings.class)
class AccessKeyControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    ProjectionGate gate;

    private void admins(String... owners) {
        List<ApiKeyView> keys = java.util.Arrays.stream(owners).map(o -> new ApiKeyView("k-" + o, o, o, List.of("admin"), null,
                Instant.parse("2026-11-01T00:00:00Z"), "system", false, null, null)).toList();
        when(queries.query(any(ListApiKeys.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(new ApiKeyList(keys)));
        // the answer to an issuance waits until the key read model holds the key: here it does at once
        when(queries.query(any(FindApiKeyCredential.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                Optional.of(new ApiKeyCredential("k", "a".repeat(64), "o", List.of("viewer"), null, false, null, null))));
    }

    @Test
    void aContributorKeyIsIssuedAtOnceAndItsSecretShownOnceNeverCached() throws Exception {
        admins("alice", "bob");
        mvc.perform(post("/api/access/keys").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"name\": \"ci\", \"owner\": \"team-a\", \"roles\": [\"contributor\"]}"))
           .andExpect(status().isCreated()).andExpect(header().string("Cache-Control", "no-store"))
           .andExpect(jsonPath("$.key").isNotEmpty());
        ArgumentCaptor<IssueApiKey> sent = ArgumentCaptor.forClass(IssueApiKey.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().roles()).containsExactly("contributor");
        assertThat(sent.getValue().secretSha256()).hasSize(64);
    }

    @Test
    void onceTwoAdminsExistAnAdminKeyIsARequestThatCarriesNoSecret() throws Exception {
        admins("alice", "bob");
        String keyId = "0123456789abcdef";
        String sha = "a".repeat(64);
        mvc.perform(post("/api/access/keys").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"name\": \"ops\", \"owner\": \"carol\", \"roles\": [\"admin\"], \"keyId\": \"" + keyId
                                                     + "\", \"secretSha256\": \"" + sha + "\"}"))
           .andExpect(status().isAccepted()).andExpect(jsonPath("$.status").value("pending")).andExpect(jsonPath("$.key").doesNotExist());
        ArgumentCaptor<RequestApiKeyIssuance> sent = ArgumentCaptor.forClass(RequestApiKeyIssuance.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().requestExpiresAt()).isEqualTo(WebSlice.NOW.plus(GovernanceSettings.defaults().changeTtl()));
        verify(commands, never()).sendAndWait(any(IssueApiKey.class));
    }

    @Test
    void anAdminKeyWithoutItsOwnersHashIsA400NamingIt() throws Exception {
        admins("alice", "bob");
        mvc.perform(post("/api/access/keys").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"name\": \"ops\", \"owner\": \"carol\", \"roles\": [\"approver\"]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("secretSha256"));
        verifyNoInteractions(commands);
    }

    @Test
    void theRequestsForPrivilegedKeysAreListedAsOfNowAndAnUnknownStatusIsA400NamingIt() throws Exception {
        when(queries.query(any(ListApiKeyRequests.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new ApiKeyRequestList(List.of())));
        mvc.perform(get("/api/access/key-requests")).andExpect(status().isOk()).andExpect(jsonPath("$.items").isArray());
        ArgumentCaptor<ListApiKeyRequests> asked = ArgumentCaptor.forClass(ListApiKeyRequests.class);
        verify(queries).query(asked.capture(), any(ResponseType.class));
        assertThat(asked.getValue()).isEqualTo(new ListApiKeyRequests("pending", WebSlice.NOW, 100));
        mvc.perform(get("/api/access/key-requests").param("status", "granted"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("status"));
    }

    @Test
    void aKeyOwnedByASystemActorOrWithAnUnknownRoleIsA400() throws Exception {
        mvc.perform(post("/api/access/keys").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"name\": \"x\", \"owner\": \"system:registry\", \"roles\": [\"viewer\"]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("owner"));
        mvc.perform(post("/api/access/keys").contentType(MediaType.APPLICATION_JSON).content("{\"name\": \"x\", \"roles\": [\"root\"]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("roles[0]"));
        verifyNoInteractions(commands);
    }

    @Test
    void anUnknownKeyWhileTheKeysAreReplayedIsA503NotA404() throws Exception {
        when(queries.query(any(FindApiKeyCredential.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        doThrow(new UnavailableException("the key read model is being replayed")).when(gate).requireNotReplaying(ReadModels.API_KEYS);
        mvc.perform(get("/internal/access/keys/0123456789abcdef")).andExpect(status().isServiceUnavailable());
    }

    @Test
    void aKnownKeyIsAnsweredWithItsHashForTheGateway() throws Exception {
        when(queries.query(any(FindApiKeyCredential.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                Optional.of(new ApiKeyCredential("0123456789abcdef", "b".repeat(64), "alice", List.of("viewer"), null, false))));
        mvc.perform(get("/internal/access/keys/0123456789abcdef")).andExpect(status().isOk())
           .andExpect(jsonPath("$.secretSha256").value("b".repeat(64)));
        verify(gate).requireRunning(ReadModels.API_KEYS);
    }
}
