package io.modelledger.monitor.telemetry.web;

import com.google.protobuf.ByteString;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.modelledger.monitor.telemetry.api.IngestSpans;
import io.modelledger.monitor.telemetry.api.SpanReceipt;
import io.modelledger.platform.web.WebSlice;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * OTLP/HTTP as an exporter speaks it: protobuf and JSON, gzipped or not, answered in the request's encoding with
 * OTLP's partial success, failures as google.rpc.Status, and an export's retry under the same batch id.
 */
@WebMvcTest(OtlpController.class)
@WebSlice
class OtlpControllerTest {

    private static final String TRACE = "5b8efff798038103d269b633813fc60c";

    @Autowired
    MockMvc mvc;
    @MockitoBean
    CommandGateway commands;

    private static ExportTraceServiceRequest export() {
        Span span = Span.newBuilder().setName("chat").setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
                        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex("051581bf3cb55c13"))).setStartTimeUnixNano(1)
                        .setEndTimeUnixNano(2)
                        .addAttributes(KeyValue.newBuilder().setKey("gen_ai.operation.name").setValue(AnyValue.newBuilder().setStringValue("chat")))
                        .build();
        return ExportTraceServiceRequest.newBuilder()
                                        .addResourceSpans(ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build();
    }

    private IngestSpans sent(int times) {
        ArgumentCaptor<IngestSpans> sent = ArgumentCaptor.forClass(IngestSpans.class);
        verify(commands, times(times)).sendAndWait(sent.capture());
        return sent.getValue();
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    @Test
    void gzippedProtobufIsDecodedAndRefusedSpansComeBackAsPartialSuccessInProtobuf() throws Exception {
        when(commands.sendAndWait(any(IngestSpans.class)))
                .thenReturn(new SpanReceipt(0, 1, 0, List.of("1 span(s): no deployment.environment.name attribute"), false));
        MvcResult result = mvc.perform(post(OtlpController.PATH).contentType("application/x-protobuf").header("Content-Encoding", "gzip")
                                                                .content(gzip(export().toByteArray())))
                              .andExpect(status().isOk()).andExpect(content().contentType("application/x-protobuf")).andReturn();
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(result.getResponse().getContentAsByteArray());
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("deployment.environment.name");
        assertThat(sent(1).request()).isEqualTo(export());
    }

    @Test
    void otlpJsonHasHexIdsStringIntegersAndUnknownFieldsAndTheSameExportTwiceIsOneBatch() throws Exception {
        when(commands.sendAndWait(any(IngestSpans.class))).thenReturn(new SpanReceipt(1, 0, 0, List.of(), false));
        String json = """
                {"resourceSpans":[{"resource":{"attributes":[]},"scopeSpans":[{"scope":{"name":"x","futureField":1},"spans":[
                  {"traceId":"%s","spanId":"051581bf3cb55c13","name":"chat","kind":3,"startTimeUnixNano":"1","endTimeUnixNano":"2",
                   "attributes":[{"key":"gen_ai.operation.name","value":{"stringValue":"chat"}}],"somethingNew":{"a":[1,2]}}]}]}]}
                """.formatted(TRACE);
        for (int i = 0; i < 2; i++) {
            mvc.perform(post(OtlpController.PATH).contentType("application/json").content(json))
               .andExpect(status().isOk()).andExpect(content().contentType("application/json")).andExpect(content().json("{}"));
        }
        ArgumentCaptor<IngestSpans> sent = ArgumentCaptor.forClass(IngestSpans.class);
        verify(commands, times(2)).sendAndWait(sent.capture());
        assertThat(sent.getAllValues().get(0).batchId()).startsWith("otlp-").isEqualTo(sent.getAllValues().get(1).batchId());
        Span span = sent.getValue().request().getResourceSpans(0).getScopeSpans(0).getSpans(0);
        assertThat(HexFormat.of().formatHex(span.getTraceId().toByteArray())).isEqualTo(TRACE);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(2);
        assertThat(span.getKindValue()).isEqualTo(3);
    }

    @Test
    void aBodyThatIsNotAnExportIsA400StatusInTheRequestsEncodingAndStoresNothing() throws Exception {
        MvcResult result = mvc.perform(post(OtlpController.PATH).contentType("application/x-protobuf").content(new byte[] {(byte) 0xff, 0x01, 0x02}))
                              .andExpect(status().isBadRequest()).andExpect(content().contentType("application/x-protobuf")).andReturn();
        Status rpc = Status.parseFrom(result.getResponse().getContentAsByteArray());
        assertThat(rpc.getCode()).isEqualTo(Code.INVALID_ARGUMENT_VALUE);
        assertThat(rpc.getMessage()).contains("ExportTraceServiceRequest");

        mvc.perform(post(OtlpController.PATH).contentType("application/json").content("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"xyz\"}]}]}]}"))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value(3)).andExpect(jsonPath("$.message").value(org.hamcrest.Matchers.containsString("traceId")));
        mvc.perform(post(OtlpController.PATH).contentType("text/plain").content("hello")).andExpect(status().isUnsupportedMediaType());
        verifyNoInteractions(commands);
    }

    @Test
    void anUnavailableStoreIsA503WithRetryAfterSoTheExporterRetries() throws Exception {
        when(commands.sendAndWait(any(IngestSpans.class)))
                .thenThrow(new io.modelledger.platform.domain.UnavailableException("the telemetry store is unavailable"));
        MvcResult result = mvc.perform(post(OtlpController.PATH).contentType("application/x-protobuf").content(export().toByteArray()))
                              .andExpect(status().isServiceUnavailable()).andExpect(org.springframework.test.web.servlet.result
                                      .MockMvcResultMatchers.header().string("Retry-After", "5"))
                              .andExpect(content().contentType("application/x-protobuf")).andReturn();
        assertThat(Status.parseFrom(result.getResponse().getContentAsByteArray()).getCode()).isEqualTo(Code.UNAVAILABLE_VALUE);
    }

    @Test
    void aGzipBombAndJsonNestedBeyondReasonAreRefusedBeforeAnythingIsStored() throws Exception {
        byte[] bomb = gzip(new byte[OtlpController.MAX_BYTES + 1024 * 1024]); // 33 MiB of zeros, about 33 KiB on the wire
        assertThat(bomb.length).isLessThan(100_000);
        MvcResult result = mvc.perform(post(OtlpController.PATH).contentType("application/x-protobuf").header("Content-Encoding", "gzip").content(bomb))
                              .andExpect(status().isBadRequest()).andReturn();
        assertThat(Status.parseFrom(result.getResponse().getContentAsByteArray()).getMessage()).contains("body").contains("MiB");

        String deep = "{\"resourceSpans\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        mvc.perform(post(OtlpController.PATH).contentType("application/json").content(deep))
           .andExpect(status().isBadRequest()).andExpect(jsonPath("$.code").value(3));
        mvc.perform(post(OtlpController.PATH).contentType("application/x-protobuf").header("Content-Encoding", "br").content(new byte[] {1}))
           .andExpect(status().isBadRequest());
        verifyNoInteractions(commands);
    }
}
