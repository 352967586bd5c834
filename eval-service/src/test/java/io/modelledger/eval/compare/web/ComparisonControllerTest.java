package io.modelledger.eval.compare.web;

import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.contracts.eval.ComparisonCompleted.Side;
import io.modelledger.eval.compare.api.CompareRuns;
import io.modelledger.eval.compare.api.FindComparison;
import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.UnavailableException;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** A/B comparisons as a web slice: one CompareRuns command, the recorded result by id, and the refusals. */
@WebMvcTest(ComparisonController.class)
@WebSlice
class ComparisonControllerTest {

    private static final ComparisonCompleted RESULT = new ComparisonCompleted("c-1", "qa", "abc", "model", new Side("fraud", 1, "r-1"),
                                                                              new Side("fraud", 2, "r-2"), Map.of(), "candidate-better");

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    ProjectionGate gate;

    @Test
    void aComparisonIsOneCommandAndA201WhereItIsRecorded() throws Exception {
        when(commands.sendAndWait(new CompareRuns("r-1", "r-2"))).thenReturn(RESULT);
        // the comparisons read model has it on the second look: the 201 waits for it, so its Location can be followed at once
        when(queries.query(any(FindComparison.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.empty()), CompletableFuture.completedFuture(Optional.of(RESULT)));
        mvc.perform(post("/api/eval/comparisons").contentType(MediaType.APPLICATION_JSON)
                                                 .content("{\"baselineRunId\": \"r-1\", \"candidateRunId\": \"r-2\"}"))
           .andExpect(status().isCreated()).andExpect(header().string("Location", "/api/eval/comparisons/c-1"))
           .andExpect(jsonPath("$.outcome").value("candidate-better"));
        verify(queries, times(2)).query(any(FindComparison.class), any(ResponseType.class));
    }

    @Test
    void whileTheComparisonsReadModelIsHeldThe201DoesNotWaitForIt() throws Exception {
        when(commands.sendAndWait(new CompareRuns("r-1", "r-2"))).thenReturn(RESULT);
        doThrow(new UnavailableException("The eval-comparisons read model is stopped at event 42")).when(gate).requireRunning(FindComparison.READ_MODEL);
        mvc.perform(post("/api/eval/comparisons").contentType(MediaType.APPLICATION_JSON)
                                                 .content("{\"baselineRunId\": \"r-1\", \"candidateRunId\": \"r-2\"}"))
           .andExpect(status().isCreated()).andExpect(header().string("Location", "/api/eval/comparisons/c-1"));
        verify(queries, never()).query(any(FindComparison.class), any(ResponseType.class));
    }

    @Test
    void aMissingRunIdIsA400NamingItAndSendsNothing() throws Exception {
        mvc.perform(post("/api/eval/comparisons").contentType(MediaType.APPLICATION_JSON).content("{\"baselineRunId\": \"r-1\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("candidateRunId"));
        verifyNoInteractions(commands);
    }

    @Test
    void comparingARunThatIsStillRunningIsA409() throws Exception {
        when(commands.sendAndWait(any(CompareRuns.class))).thenThrow(new ConflictException("Run r-2 is running; only completed runs can be compared"));
        mvc.perform(post("/api/eval/comparisons").contentType(MediaType.APPLICATION_JSON)
                                                 .content("{\"baselineRunId\": \"r-1\", \"candidateRunId\": \"r-2\"}"))
           .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value("Run r-2 is running; only completed runs can be compared"));
    }

    @Test
    void aRecordedComparisonIsReadByIdAndAnUnknownOneIsA404() throws Exception {
        when(queries.query(any(FindComparison.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(Optional.of(RESULT)), CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/eval/comparisons/c-1")).andExpect(status().isOk()).andExpect(jsonPath("$.candidate.runId").value("r-2"));
        mvc.perform(get("/api/eval/comparisons/nope")).andExpect(status().isNotFound());
    }
}
