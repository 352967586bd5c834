package io.modelledger.monitor.guard.web;

import io.modelledger.monitor.guard.api.CheckText;
import io.modelledger.monitor.guard.api.FindGuardActivity;
import io.modelledger.monitor.guard.api.GuardActivity;
import io.modelledger.monitor.guard.api.GuardDecision;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.queryhandling.QueryGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The guard's API as a web slice: a check is one command for one subject; bad input names its field and checks nothing. */
@WebMvcTest(GuardController.class)
@WebSlice
class GuardControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;
    @MockitoBean
    QueryGateway queries;

    @Test
    void aCheckIsSentForItsSubjectAndAnswersTheDecision() throws Exception {
        when(commands.sendAndWait(any(CheckText.class))).thenReturn(new GuardDecision("redact", "card [PAYMENT_CARD]",
                List.of(new GuardDecision.Finding("pii", "payment_card", "text", new GuardDecision.Span(5, 24), 1, "redact")), 3));
        mvc.perform(post("/api/guard/check").contentType(MediaType.APPLICATION_JSON).content("""
                        {"prompt": "faq", "environment": "production", "stage": "output", "text": "card 4111 1111 1111 1111"}"""))
           .andExpect(status().isOk()).andExpect(jsonPath("$.decision").value("redact"))
           .andExpect(jsonPath("$.findings[0].span.end").value(24)).andExpect(jsonPath("$.policyRevision").value(3));
        ArgumentCaptor<CheckText> sent = ArgumentCaptor.forClass(CheckText.class);
        verify(commands).sendAndWait(sent.capture());
        assertThat(sent.getValue().subjectKind()).isEqualTo("prompt");
        assertThat(sent.getValue().subject()).isEqualTo("faq");
        assertThat(sent.getValue().stage()).isEqualTo("output");
    }

    @Test
    void badRequestsNameTheirFieldAndCheckNothing() throws Exception {
        mvc.perform(post("/api/guard/check").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"environment\": \"production\", \"stage\": \"input\", \"text\": \"hi\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("model"));
        mvc.perform(post("/api/guard/check").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"model\": \"bot\", \"environment\": \"production\", \"stage\": \"input\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("text"));
        mvc.perform(post("/api/guard/check").contentType(MediaType.APPLICATION_JSON).content("{\"model\": \"bot\", \"environment\": \"production\","
                                                                                            + "\"stage\": \"input\", \"text\": \"" + "a".repeat(CheckText.MAX_TEXT + 1) + "\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("text"));
        mvc.perform(post("/api/guard/check").contentType(MediaType.APPLICATION_JSON)
                                            .content("{\"model\": \"../admin\", \"environment\": \"production\", \"stage\": \"input\", \"text\": \"hi\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("model"));
        verifyNoInteractions(commands);
    }

    @Test
    void activityIsReadOverABoundedRange() throws Exception {
        when(queries.query(any(FindGuardActivity.class), any(ResponseType.class)))
                .thenReturn(CompletableFuture.completedFuture(new GuardActivity(4, Map.of("block", 1L), Map.of(), Map.of("guard_block_rate", 0.25))));
        mvc.perform(get("/api/guard/models/bot/production/activity"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.metrics.guard_block_rate").value(0.25));
        ArgumentCaptor<FindGuardActivity> asked = ArgumentCaptor.forClass(FindGuardActivity.class);
        verify(queries).query(asked.capture(), any(ResponseType.class));
        assertThat(asked.getValue().to()).isEqualTo(WebSlice.NOW);
        assertThat(asked.getValue().from()).isEqualTo(WebSlice.NOW.minusSeconds(3600));
        mvc.perform(get("/api/guard/models/bot/production/activity?from=2026-11-01T00:00:00Z&to=2026-11-03T00:00:00Z"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("from"));
    }
}
