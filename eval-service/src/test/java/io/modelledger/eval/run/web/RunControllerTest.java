package io.modelledger.eval.run.web;

import io.modelledger.eval.run.api.CancelEvaluationRun;
import io.modelledger.eval.run.api.FindRun;
import io.modelledger.eval.run.api.FindRunResults;
import io.modelledger.eval.run.api.Prediction;
import io.modelledger.eval.run.api.RunView;
import io.modelledger.eval.run.api.StartRun;
import io.modelledger.eval.run.api.StartedRun;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The run API as a web slice: what it sends through the gateways, its status codes and its problem+json bodies. */
@WebMvcTest(RunController.class)
@WebSlice
class RunControllerTest {

    private static final String START = """
            {"suite": {"name": "qa"}, "subject": {"kind": "model", "name": "fraud", "version": 2},
             "target": {"kind": "predictions"}, "predictions": [{"caseId": "c1", "output": "yes"}]}""";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    io.modelledger.platform.projection.ProjectionGate gate;

    @Test
    void aStartSendsOneStartRunAndAnswers202WithWhereToFollowTheRun() throws Exception {
        when(commands.sendAndWait(any(StartRun.class))).thenReturn(new StartedRun("r-1", "running", "qa", 3, "abc", 10));
        // the runs read model has the run on the second look: the answer waits for it
        when(queries.query(any(FindRun.class), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()),
                            CompletableFuture.completedFuture(Optional.of(org.mockito.Mockito.mock(RunView.class))));
        mvc.perform(post("/api/eval/runs").contentType(MediaType.APPLICATION_JSON).content(START))
           .andExpect(status().isAccepted())
           .andExpect(header().string("Location", "/api/eval/runs/r-1"))
           .andExpect(jsonPath("$.runId").value("r-1")).andExpect(jsonPath("$.suiteVersion").value(3));
        verify(queries, org.mockito.Mockito.times(2)).query(eq(new FindRun("r-1")), any(org.axonframework.messaging.responsetypes.ResponseType.class));
        ArgumentCaptor<StartRun> sent = ArgumentCaptor.forClass(StartRun.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue()).isEqualTo(new StartRun("qa", null, "model", "fraud", 2, Map.of("kind", "predictions"),
                                                           List.of(new Prediction("c1", "yes", null))));
    }

    @Test
    void aStartWithoutSubjectIsA400NamingTheFieldAndSendsNothing() throws Exception {
        mvc.perform(post("/api/eval/runs").contentType(MediaType.APPLICATION_JSON)
                                          .content("{\"suite\": {\"name\": \"qa\"}, \"target\": {\"kind\": \"predictions\"}}"))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.errors[0].field").value("subject"));
        verifyNoInteractions(commands);
    }

    @Test
    void aRefusalOfTheCommandSideIsA400NamingItsField() throws Exception {
        when(commands.sendAndWait(any(StartRun.class))).thenThrow(new FieldException("suite", "no such suite version"));
        mvc.perform(post("/api/eval/runs").contentType(MediaType.APPLICATION_JSON).content(START))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("suite"))
           .andExpect(jsonPath("$.errors[0].message").value("no such suite version"));
    }

    @Test
    void anUnknownRunIsA404AndIsNotCancelled() throws Exception {
        when(queries.query(any(FindRun.class), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        when(queries.query(any(FindRunResults.class), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/eval/runs/nope")).andExpect(status().isNotFound())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        mvc.perform(get("/api/eval/runs/nope/results")).andExpect(status().isNotFound());
        mvc.perform(post("/api/eval/runs/nope/cancellation")).andExpect(status().isNotFound());
        verify(commands, never()).sendAndWait(any(CancelEvaluationRun.class));
    }

    @Test
    void aRunIsReadThroughTheQueryGateway() throws Exception {
        RunView run = new RunView("r-1", "completed", "qa", 3, "abc", "model", "fraud", 2, "predictions", Map.of(), "api", 10, 10, 0,
                                  Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-11-30T08:00:02Z"), 2000, "alice", true,
                                  Map.of("accuracy", 0.9), Map.of(), Map.of(), null);
        when(queries.query(any(FindRun.class), any(org.axonframework.messaging.responsetypes.ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(run)));
        mvc.perform(get("/api/eval/runs/r-1")).andExpect(status().isOk())
           .andExpect(jsonPath("$.status").value("completed")).andExpect(jsonPath("$.metrics.accuracy").value(0.9));
    }

    @Test
    void paginationOutOfRangeIsA400NamingTheParameter() throws Exception {
        mvc.perform(get("/api/eval/runs/r-1/results").param("limit", "5000"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("limit"));
        verifyNoInteractions(queries);
    }
}
