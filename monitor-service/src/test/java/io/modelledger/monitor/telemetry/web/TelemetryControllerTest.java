package io.modelledger.monitor.telemetry.web;

import io.modelledger.monitor.telemetry.api.IngestTelemetry;
import io.modelledger.monitor.telemetry.api.Rejection;
import io.modelledger.monitor.telemetry.api.TelemetryReceipt;
import io.modelledger.platform.web.WebSlice;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Telemetry intake as a web slice: JSON and NDJSON batches become one IngestTelemetry; a malformed line is a refused record, not a failed batch. */
@WebMvcTest(TelemetryController.class)
@WebSlice
class TelemetryControllerTest {

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;

    private IngestTelemetry sent() {
        ArgumentCaptor<IngestTelemetry> sent = ArgumentCaptor.forClass(IngestTelemetry.class);
        verify(commands).sendAndWait(sent.capture());
        return sent.getValue();
    }

    @Test
    void aJsonBatchIsOneCommandAndItsReceiptIsTheAnswer() throws Exception {
        when(commands.sendAndWait(any(IngestTelemetry.class)))
                .thenReturn(new TelemetryReceipt("b-1", 1, List.of(new Rejection(1, "version", "no such version")), false));
        mvc.perform(post("/api/monitor/telemetry").contentType(MediaType.APPLICATION_JSON)
                                                  .content("{\"batchId\": \"b-1\", \"records\": [{\"model\": \"fraud\"}, {\"model\": \"fraud\"}]}"))
           .andExpect(status().isOk()).andExpect(jsonPath("$.accepted").value(1)).andExpect(jsonPath("$.rejected[0].field").value("version"));
        assertThat(sent().batchId()).isEqualTo("b-1");
    }

    @Test
    void aMalformedNdjsonLineTravelsAsARecordToRefuseAndTheOthersStillGo() throws Exception {
        when(commands.sendAndWait(any(IngestTelemetry.class))).thenReturn(new TelemetryReceipt("b-2", 1, List.of(), false));
        mvc.perform(post("/api/monitor/telemetry").param("batchId", "b-2").contentType("application/x-ndjson")
                                                  .content("{\"model\": \"fraud\"}\n{not json\n\n"))
           .andExpect(status().isOk());
        IngestTelemetry command = sent();
        assertThat(command.batchId()).isEqualTo("b-2");
        assertThat(command.records()).hasSize(2);
        assertThat(command.records().get(1)).isNull();
    }

    @Test
    void aBodyWithoutRecordsIsA400NamingRecordsAndSendsNothing() throws Exception {
        mvc.perform(post("/api/monitor/telemetry").contentType(MediaType.APPLICATION_JSON).content("{\"batchId\": \"b-1\"}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.errors[0].field").value("records"));
        verifyNoInteractions(commands);
    }
}
