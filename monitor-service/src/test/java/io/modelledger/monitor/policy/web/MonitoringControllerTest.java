package io.modelledger.monitor.policy.web;

import io.modelledger.contracts.monitor.MonitoringPolicyDefined;
import io.modelledger.contracts.monitor.AlertRuleDefined;
import io.modelledger.monitor.deployment.api.FindKnownModel;
import io.modelledger.monitor.deployment.api.FindKnownVersion;
import io.modelledger.monitor.deployment.api.KnownVersionView;
import io.modelledger.monitor.policy.api.DefineAlertRule;
import io.modelledger.monitor.policy.api.DefineMonitoringPolicy;
import io.modelledger.monitor.policy.api.FindMonitoringPolicy;
import io.modelledger.monitor.policy.api.RecordReference;
import io.modelledger.monitor.policy.api.ReferenceSummary;
import io.modelledger.platform.projection.ProjectionGate;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** How a model is watched, as a web slice: rules and references become commands; what the request got wrong is named. */
@WebMvcTest(MonitoringController.class)
@WebSlice
class MonitoringControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;
    @MockitoBean
    ProjectionGate gate;

    @BeforeEach
    void theModelAndItsVersionTwoAreKnown() {
        when(queries.query(any(FindKnownModel.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(true));
        when(queries.query(any(FindKnownVersion.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(
                Optional.of(new KnownVersionView("fraud", 2, "abc", "onnx", Instant.parse("2026-11-30T08:00:00Z")))));
    }

    @Test
    void anAlertRuleIsOneCommandWithItsWindowAndCooldownInSeconds() throws Exception {
        mvc.perform(put("/api/monitor/models/fraud/alert-rules/slow").contentType(MediaType.APPLICATION_JSON)
                                                                       .content("{\"metric\": \"latency_p95\", \"comparator\": \">\", \"threshold\": 500, "
                                                                                + "\"window\": \"PT5M\", \"severity\": \"critical\"}"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.windowSeconds").value(300)).andExpect(jsonPath("$.cooldownSeconds").value(3600));
        ArgumentCaptor<DefineAlertRule> sent = ArgumentCaptor.forClass(DefineAlertRule.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().rule()).isEqualTo(new AlertRuleDefined("slow", "fraud", null, "latency_p95", ">", 500, 300, "critical", 3600));
    }

    @Test
    void anUnknownMetricIsA400NamingMetricAndSendsNothing() throws Exception {
        mvc.perform(put("/api/monitor/models/fraud/alert-rules/slow").contentType(MediaType.APPLICATION_JSON)
                                                                       .content("{\"metric\": \"vibes\", \"comparator\": \">\", \"threshold\": 1, "
                                                                                + "\"window\": \"PT5M\", \"severity\": \"critical\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("metric"));
        verifyNoInteractions(commands);
    }

    @Test
    void anUnknownDriftMethodIsA400NamingTheFeature() throws Exception {
        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON)
                                                             .content("{\"featureMethods\": {\"amount\": \"astrology\"}}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("featureMethods.amount"));
        verifyNoInteractions(commands);
    }

    @Test
    void onlineScoringAndContentCaptureAreThePolicysAndItsChecksAreCheckedBeforeAnythingIsSent() throws Exception {
        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON).content(
                   "{\"onlineSampleRate\": 0.25, \"captureContent\": true, \"contentRetention\": \"P2D\", \"onlineChecks\": ["
                   + "{\"name\": \"leaks\", \"check\": \"pii\"}, {\"name\": \"order_ref\", \"check\": \"regex\", \"params\": {\"pattern\": \"#\\\\d+\"}}]}"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.onlineChecks[1].params.pattern").value("#\\d+"))
           .andExpect(jsonPath("$.contentRetentionSeconds").value(172800));
        ArgumentCaptor<DefineMonitoringPolicy> sent = ArgumentCaptor.forClass(DefineMonitoringPolicy.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().policy().sampleRate()).isEqualTo(0.25);
        assertThat(sent.getValue().policy().onlineChecks()).extracting(MonitoringPolicyDefined.OnlineCheck::check).containsExactly("pii", "regex");

        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON)
                                                             .content("{\"onlineChecks\": [{\"name\": \"a\", \"check\": \"equals\"}]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("onlineChecks[0].check"));
        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON)
                                                             .content("{\"onlineChecks\": [{\"name\": \"a\", \"check\": \"regex\", \"params\": {\"pattern\": \"(a)\\\\1\"}}]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("onlineChecks[0].params.pattern"));
        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON).content("{\"onlineSampleRate\": 1.5}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("onlineSampleRate"));
        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON).content(
                   "{\"onlineChecks\": [{\"name\": \"a\", \"check\": \"json_schema\", \"params\": {\"schema\": {\"type\": \"object\", "
                   + "\"properties\": {\"a.b\": {\"type\": \"string\"}}}}}]}"))
           .andExpect(status().isBadRequest())
           .andExpect(jsonPath("$.errors[0].field").value("onlineChecks[0].params.schema.properties.a.b"));
        mvc.perform(put("/api/monitor/models/fraud/policy").contentType(MediaType.APPLICATION_JSON).content("{\"contentRetention\": \"P30D\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("contentRetention"));
        verify(commands).sendAndWait(any());
    }

    @Test
    void aModelWithoutPolicyIsA404() throws Exception {
        when(queries.query(any(FindMonitoringPolicy.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.empty()));
        mvc.perform(get("/api/monitor/models/fraud/policy")).andExpect(status().isNotFound());
    }

    @Test
    void aCsvReferenceBecomesDatasetRowsWithNumbersReadAsNumbers() throws Exception {
        when(commands.sendAndWait(any(RecordReference.class)))
                .thenReturn(new ReferenceSummary("fraud", 2, "dataset", 2, Map.of("amount", "numeric", "country", "categorical")));
        mvc.perform(post("/api/monitor/models/fraud/versions/2/reference").contentType("text/csv")
                                                                            .content("amount,country\n12.5,DE\n7,FR\n"))
           .andExpect(status().isCreated()).andExpect(jsonPath("$.rows").value(2));
        ArgumentCaptor<RecordReference> sent = ArgumentCaptor.forClass(RecordReference.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().source()).isEqualTo(RecordReference.DATASET);
        assertThat(sent.getValue().rows()).containsExactly(Map.of("amount", 12.5, "country", "DE"), Map.of("amount", 7.0, "country", "FR"));
    }

    @Test
    void aCsvCellThatIsNoFiniteNumberIsA400NamingTheBody() throws Exception {
        mvc.perform(post("/api/monitor/models/fraud/versions/2/reference").contentType("text/csv").content("amount\n1e999\n"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("body"));
        verifyNoInteractions(commands);
    }

    @Test
    void anUnknownModelIsA404AfterThePatienceRunsOut() throws Exception {
        when(queries.query(any(FindKnownModel.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(false));
        mvc.perform(put("/api/monitor/models/ghost/policy").contentType(MediaType.APPLICATION_JSON).content("{}"))
           .andExpect(status().isNotFound()).andExpect(jsonPath("$.detail").value("Model 'ghost' has no registered version"));
        verifyNoInteractions(commands);
    }
}
