package io.modelledger.eval.pending.web;

import io.modelledger.eval.pending.api.FindEvaluationStatus;
import io.modelledger.eval.pending.api.PendingEvaluationView;
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

/** What eval-service knows of a model version, as a web slice. */
@WebMvcTest(EvaluationStatusController.class)
@WebSlice
class EvaluationStatusControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    QueryGateway queries;

    @Test
    void aKnownVersionIsAnsweredWithWhatTheServiceStillOwesIt() throws Exception {
        when(queries.query(eq(new FindEvaluationStatus("fraud", 2)), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                Optional.of(new PendingEvaluationView("fraud", 2, "abc", "pending", Instant.parse("2026-11-30T08:00:00Z"), "alice"))));
        mvc.perform(get("/api/eval/models/fraud/versions/2"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.status").value("pending")).andExpect(jsonPath("$.registeredBy").value("alice"));
    }

    @Test
    void anUnknownVersionIsA404SayingWhichOne() throws Exception {
        when(queries.query(any(FindEvaluationStatus.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/eval/models/fraud/versions/9"))
           .andExpect(status().isNotFound()).andExpect(jsonPath("$.detail").value("The evaluation service knows no version 9 of model 'fraud'"));
    }

    @Test
    void versionZeroIsA400NamingTheVersion() throws Exception {
        mvc.perform(get("/api/eval/models/fraud/versions/0"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("version"));
        verifyNoInteractions(queries);
    }
}
