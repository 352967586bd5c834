package io.modelledger.monitor.alert.web;

import io.modelledger.monitor.alert.api.AcknowledgeAlert;
import io.modelledger.monitor.alert.api.AlertView;
import io.modelledger.monitor.alert.api.FindAlert;
import io.modelledger.monitor.alert.api.ListAlerts;
import io.modelledger.monitor.alert.api.ResolveAlert;
import io.modelledger.monitor.alert.api.TrackId;
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

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The alert API as a web slice: reads through the query gateway, acknowledgement and resolution as commands, and its refusals. */
@WebMvcTest(AlertController.class)
@WebSlice
class AlertControllerTest {

    /** Alert ids name their track: rule, model, environment, and the alert's number on it. */
    private static final String ALERT = new TrackId("latency", "fraud", "prod").alertId(1);

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    private static AlertView alert(String status) {
        return new AlertView(ALERT, "latency", "fraud", "prod", 2, "critical", "p95 over 500 ms", "latency_p95", 812.0, 500.0,
                             Instant.parse("2026-11-30T08:00:00Z"), Instant.parse("2026-11-30T08:15:00Z"), status,
                             Instant.parse("2026-11-30T08:15:01Z"), null, null, null, null, null, false, false);
    }

    private void found(AlertView alert) {
        when(queries.query(any(FindAlert.class), any(ResponseType.class))).thenReturn(CompletableFuture.completedFuture(Optional.ofNullable(alert)));
    }

    @Test
    void alertsAreListedThroughTheQueryGatewayWithTheFilterAsked() throws Exception {
        when(queries.query(eq(new ListAlerts("fraud", "open", 20)), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(List.of(alert("open"))));
        mvc.perform(get("/api/monitor/alerts").param("model", "fraud").param("status", "open").param("limit", "20"))
           .andExpect(status().isOk()).andExpect(jsonPath("$[0].alertId").value(ALERT)).andExpect(jsonPath("$[0].value").value(812.0));
    }

    @Test
    void anUnknownStatusFilterIsA400NamingTheParameter() throws Exception {
        mvc.perform(get("/api/monitor/alerts").param("status", "closed"))
           .andExpect(status().isBadRequest())
           .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
           .andExpect(jsonPath("$.errors[0].field").value("status"));
        verifyNoInteractions(queries);
    }

    @Test
    void anUnknownAlertIsA404AndNothingIsAcknowledged() throws Exception {
        found(null);
        mvc.perform(get("/api/monitor/alerts/nope")).andExpect(status().isNotFound());
        mvc.perform(post("/api/monitor/alerts/nope/acknowledgements")).andExpect(status().isNotFound());
        verifyNoInteractions(commands);
    }

    @Test
    void anAcknowledgementSendsTheNoteToTheAlertsTrack() throws Exception {
        found(alert("open"));
        mvc.perform(post("/api/monitor/alerts/" + ALERT + "/acknowledgements").contentType(MediaType.APPLICATION_JSON).content("{\"note\": \"on it\"}"))
           .andExpect(status().isOk());
        verify(commands).sendAndWait(new AcknowledgeAlert(TrackId.ofAlert(ALERT), ALERT, "on it"));
    }

    @Test
    void anIdThatNamesNoTrackIsA400AndSendsNothing() throws Exception {
        found(alert("open"));
        mvc.perform(post("/api/monitor/alerts/a-1/acknowledgements"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail").value("not an alert id: a-1"));
        verifyNoInteractions(commands);
    }

    @Test
    void resolvingAResolvedAlertIsA409AndSendsNothing() throws Exception {
        found(alert("resolved"));
        mvc.perform(post("/api/monitor/alerts/" + ALERT + "/resolutions"))
           .andExpect(status().isConflict()).andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        verify(commands, never()).sendAndWait(any(ResolveAlert.class));
    }
}
