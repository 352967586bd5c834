package io.modelledger.monitor.feedback.web;

import io.modelledger.contracts.monitor.FeedbackRecorded;
import io.modelledger.monitor.feedback.api.RecordFeedback;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Feedback as a web slice: one event per batch, a repeated batch id is a 200 duplicate, bad items name their field. */
@WebMvcTest(FeedbackController.class)
@WebSlice
class FeedbackControllerTest {

    private static final String BATCH = """
            {"batchId": "b-1", "modelName": "fraud",
             "items": [{"inferenceId": "i-1", "version": 2, "environment": "prod", "thumbs": "down", "flags": ["hallucination"]}]}""";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;

    @Test
    void aBatchIsOneRecordFeedbackStampedWithTheClockWhereItHasNoTimestamp() throws Exception {
        mvc.perform(post("/api/monitor/feedback").contentType(MediaType.APPLICATION_JSON).content(BATCH))
           .andExpect(status().isCreated()).andExpect(jsonPath("$.items").value(1)).andExpect(jsonPath("$.duplicate").value(false));
        ArgumentCaptor<RecordFeedback> sent = ArgumentCaptor.forClass(RecordFeedback.class);
        verify(commands).sendAndWait(sent.capture());
        FeedbackRecorded.Item item = sent.getValue().feedback().items().getFirst();
        assertThat(item.timestamp()).isEqualTo(WebSlice.NOW);
        assertThat(item.thumbs()).isEqualTo("down");
        assertThat(sent.getValue().batchId().id()).isEqualTo("b-1");
    }

    @Test
    void aBatchIdSentAgainIsA200DuplicateNotAnError() throws Exception {
        when(commands.sendAndWait(any(RecordFeedback.class))).thenThrow(new ConcurrencyException("feedback-batch:b-1 exists"));
        mvc.perform(post("/api/monitor/feedback").contentType(MediaType.APPLICATION_JSON).content(BATCH))
           .andExpect(status().isOk()).andExpect(jsonPath("$.duplicate").value(true));
    }

    @Test
    void aBadThumbIsA400NamingTheItemsFieldAndRecordsNothing() throws Exception {
        mvc.perform(post("/api/monitor/feedback").contentType(MediaType.APPLICATION_JSON).content(BATCH.replace("\"down\"", "\"sideways\"")))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("items[0].thumbs"));
        verifyNoInteractions(commands);
    }
}
