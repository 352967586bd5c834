package io.modelledger.monitor.deployment.web;

import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The model versions the monitor knows, as a web slice. */
@WebMvcTest(KnownVersionController.class)
@WebSlice
class KnownVersionControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;

    @Test
    void aKnownVersionIsAnsweredAndAnUnknownOneIsA404() throws Exception {
        when(queries.query(eq(new FindKnownVersion("fraud", 2)), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                Optional.of(new KnownVersionView("fraud", 2, "abc", "onnx", Instant.parse("2026-11-30T08:00:00Z")))));
        when(queries.query(eq(new FindKnownVersion("fraud", 3)), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/monitor/models/fraud/versions/2")).andExpect(status().isOk()).andExpect(jsonPath("$.framework").value("onnx"));
        mvc.perform(get("/api/monitor/models/fraud/versions/3")).andExpect(status().isNotFound())
           .andExpect(jsonPath("$.detail").value("The monitor knows no version 3 of model 'fraud'"));
    }

    @Test
    void versionZeroIsA400NamingTheVersion() throws Exception {
        mvc.perform(get("/api/monitor/models/fraud/versions/0")).andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("version"));
        verifyNoInteractions(queries);
    }
}
