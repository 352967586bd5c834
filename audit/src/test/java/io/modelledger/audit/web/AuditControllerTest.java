package io.modelledger.audit.web;

import io.modelledger.audit.api.AuditPublicKey;
import io.modelledger.audit.api.ChainHead;
import io.modelledger.audit.api.ExportPage;
import io.modelledger.audit.api.FindChainHead;
import io.modelledger.audit.api.FindExportPage;
import io.modelledger.audit.api.FindModelState;
import io.modelledger.audit.api.FindSigningKey;
import io.modelledger.audit.api.SignManifest;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.audit.AuditExported;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The audit API as a web slice: the export streams the pages the query side hands out, signed by the query side
 * (the web never holds the key), and is itself recorded; bad filters are refused before anything is read.
 */
@WebMvcTest(AuditController.class)
@WebSlice
class AuditControllerTest {

    /** The audit module has no application of its own (registry-service hosts it): the slice hosts the controller. */
    @Configuration(proxyBeanMethods = false)
    @Import(AuditController.class)
    static class Host {
    }

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    EventGateway events;

    private static AuditEntry entry(long position) {
        return new AuditEntry(position, "e-" + position, "ModelRegistered", null, "registry-service", "Model", "model:fraud", position - 1,
                              "model:fraud", "alice", null, null, null, "2026-11-30T08:00:00Z", "{}", "h" + (position - 1), "h" + position, 2,
                              position, "admin", "api-key", null, null);
    }

    @Test
    void theWholeTrailIsExportedPageByPageUpToTheHeadReadOnceSignedAndRecorded() throws Exception {
        ChainHead head = new ChainHead(3, 3, "h3", 0);
        when(queries.query(any(FindSigningKey.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new AuditPublicKey("key-1", "Ed25519", "MCow")));
        when(queries.query(any(FindChainHead.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.of(head)));
        when(queries.query(any(FindExportPage.class), any(ResponseType.class))).thenAnswer(call -> {
            FindExportPage page = call.getArgument(0);
            assertThat(page.head()).isEqualTo(head);
            return CompletableFuture.completedFuture(page.cursor() == 0 ? new ExportPage(List.of(entry(1), entry(2)), 3L)
                                                                        : new ExportPage(List.of(entry(3)), null));
        });
        when(queries.query(any(SignManifest.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture("c2lnbmVk"));
        MvcResult started = mvc.perform(get("/api/audit/exports")).andExpect(request().asyncStarted()).andReturn();
        mvc.perform(asyncDispatch(started)).andExpect(status().isOk())
           .andExpect(jsonPath("$.entries.length()").value(3)).andExpect(jsonPath("$.entries[2].hash").value("h3"))
           .andExpect(jsonPath("$.manifest.count").value(3)).andExpect(jsonPath("$.manifest.keyId").value("key-1"))
           .andExpect(jsonPath("$.manifest.contiguous").value(true)).andExpect(jsonPath("$.signature").value("c2lnbmVk"));
        ArgumentCaptor<EventMessage<?>> recorded = ArgumentCaptor.forClass(EventMessage.class);
        verify(events).publish(recorded.capture());
        assertThat(recorded.getValue().getPayload()).isInstanceOfSatisfying(AuditExported.class, exported -> {
            assertThat(exported.count()).isEqualTo(3);
            assertThat(exported.format()).isEqualTo("json");
        });
    }

    @Test
    void aModelTheTrailDoesNotKnowIsA404() throws Exception {
        when(queries.query(any(FindModelState.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/audit/models/ghost/state")).andExpect(status().isNotFound())
           .andExpect(jsonPath("$.detail").value("The audit trail knows no model 'ghost'"));
        verify(queries).query(eq(new FindModelState("ghost", WebSlice.NOW)), any(ResponseType.class));
    }

    @Test
    void aTraceIdThatIsNotOneIsA400NamingItAndNothingIsRead() throws Exception {
        mvc.perform(get("/api/audit/entries").param("traceId", "not-a-trace"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("traceId"));
        mvc.perform(get("/api/audit/subjects/fraud/entries")).andExpect(status().isBadRequest());
        verifyNoInteractions(queries);
    }

    @Test
    void anEmptyTrailHasNoChainHead() throws Exception {
        when(queries.query(any(FindChainHead.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/audit/chain")).andExpect(status().isNotFound());
    }
}
