package io.modelledger.monitor.telemetry.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import com.google.rpc.Status;
import io.modelledger.monitor.telemetry.api.IngestSpans;
import io.modelledger.monitor.telemetry.api.SpanReceipt;
import io.modelledger.platform.domain.FieldException;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.zip.GZIPInputStream;

/**
 * OTLP/HTTP trace intake, {@code POST /api/monitor/otlp/v1/traces}: an OpenTelemetry exporter pointed at
 * {@code …/api/monitor/otlp} sends here unchanged. Binary protobuf ({@code application/x-protobuf}) or
 * OTLP's JSON encoding ({@code application/json}: trace and span ids as hex, 64-bit integers as numbers or
 * strings, unknown fields ignored), each optionally gzipped ({@code Content-Encoding: gzip}), decoded with the
 * OpenTelemetry project's generated classes. The answer follows the OTLP specification, not the API's
 * problem+json rule: an {@code ExportTraceServiceResponse} whose {@code partial_success} counts and explains
 * refused spans, and on failure a {@code google.rpc.Status}, each in the request's encoding. An export sent
 * again (an exporter's retry) stores nothing twice: its digest is its batch id.
 */
@RestController
class OtlpController {

    static final String PATH = "/api/monitor/otlp/v1/traces";
    static final String PROTOBUF = "application/x-protobuf";
    /** The largest export accepted once decompressed (the gateway limits what arrives compressed). */
    static final int MAX_BYTES = 32 * 1024 * 1024;
    /** OTLP JSON is held as text, as a tree and as the generated message while it is read: a smaller bound. */
    static final int MAX_JSON_BYTES = 16 * 1024 * 1024;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(OtlpController.class);
    private static final ObjectMapper JSON = io.modelledger.platform.web.StrictJson.treeReader();
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final CommandGateway commands;

    OtlpController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping(PATH)
    ResponseEntity<byte[]> traces(@RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
                                  @RequestHeader(value = HttpHeaders.CONTENT_ENCODING, required = false) String encoding,
                                  InputStream body) {
        MediaType type = mediaType(contentType);
        boolean json = type != null && type.isCompatibleWith(MediaType.APPLICATION_JSON);
        boolean protobuf = type != null && type.isCompatibleWith(MediaType.parseMediaType(PROTOBUF));
        if (!json && !protobuf) {
            return status(HttpStatus.UNSUPPORTED_MEDIA_TYPE, false, Code.INVALID_ARGUMENT,
                          "Content-Type must be application/x-protobuf or application/json");
        }
        byte[] bytes;
        ExportTraceServiceRequest request;
        try {
            bytes = read(body, encoding, json ? MAX_JSON_BYTES : MAX_BYTES);
            request = json ? fromJson(bytes) : ExportTraceServiceRequest.parseFrom(bytes);
        } catch (FieldException e) {
            return status(HttpStatus.BAD_REQUEST, json, Code.INVALID_ARGUMENT, e.field() + ": " + e.getMessage());
        } catch (InvalidProtocolBufferException e) {
            return status(HttpStatus.BAD_REQUEST, json, Code.INVALID_ARGUMENT, "not an OTLP ExportTraceServiceRequest: " + e.getMessage());
        } catch (IOException e) {
            return status(HttpStatus.BAD_REQUEST, json, Code.INVALID_ARGUMENT, "could not read the body: " + e.getMessage());
        }
        SpanReceipt receipt;
        try {
            receipt = commands.sendAndWait(new IngestSpans("otlp-" + digest(bytes), request,
                                                             io.modelledger.platform.metadata.KeyBinding.current().orElse(null)));
        } catch (FieldException e) {
            return status(HttpStatus.BAD_REQUEST, json, Code.INVALID_ARGUMENT, e.field() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            // the store or a read model is unavailable for now: OTLP exporters retry a 503 (after Retry-After), and a
            // retry stores nothing twice; other failures are 500, which they drop
            boolean transientFailure = e instanceof io.modelledger.platform.domain.UnavailableException
                    || e instanceof org.springframework.dao.TransientDataAccessException;
            log.warn("OTLP export not stored", e);
            ResponseEntity<byte[]> failed = status(transientFailure ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.INTERNAL_SERVER_ERROR, json,
                                                   transientFailure ? Code.UNAVAILABLE : Code.INTERNAL,
                                                   transientFailure ? "the store is unavailable, retry later" : "the export could not be stored");
            return transientFailure ? ResponseEntity.status(failed.getStatusCode()).headers(failed.getHeaders()).header(HttpHeaders.RETRY_AFTER, "5")
                                                    .body(failed.getBody()) : failed;
        }
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (receipt.rejected() > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder().setRejectedSpans(receipt.rejected())
                                                                 .setErrorMessage(String.join("; ", receipt.reasons())));
        }
        return encode(HttpStatus.OK, json, response.build());
    }

    private static MediaType mediaType(String contentType) {
        try {
            return contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return null;
        }
    }

    private static byte[] read(InputStream body, String encoding, int max) throws IOException {
        InputStream in = body;
        if (encoding != null && !encoding.isBlank() && !encoding.equalsIgnoreCase("identity")) {
            if (!encoding.equalsIgnoreCase("gzip")) {
                throw new FieldException("Content-Encoding", "only gzip is supported, not '" + encoding + "'");
            }
            in = new GZIPInputStream(body);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > max) {
                throw new FieldException("body", "an export may hold at most " + max / 1024 / 1024 + " MiB once decompressed");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * OTLP JSON is protobuf's JSON mapping except that trace and span ids are hex, not base64: they are
     * rewritten before the generated parser reads the rest.
     */
    static ExportTraceServiceRequest fromJson(byte[] bytes) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (IOException e) {
            throw new FieldException("body", "not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new FieldException("body", "must be a JSON object");
        }
        for (JsonNode resourceSpans : array(root, "resourceSpans", "resource_spans")) {
            for (JsonNode scopeSpans : array(resourceSpans, "scopeSpans", "scope_spans")) {
                for (JsonNode span : array(scopeSpans, "spans", "spans")) {
                    ids(span);
                    for (JsonNode link : array(span, "links", "links")) {
                        ids(link);
                    }
                }
            }
        }
        ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
        JSON_PARSER.merge(root.toString(), builder);
        return builder.build();
    }

    private static Iterable<JsonNode> array(JsonNode node, String name, String snake) {
        JsonNode value = node.has(name) ? node.get(name) : node.get(snake);
        return value != null && value.isArray() ? value : java.util.List.of();
    }

    private static void ids(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (String field : new String[] {"traceId", "trace_id", "spanId", "span_id", "parentSpanId", "parent_span_id"}) {
            JsonNode value = object.get(field);
            if (value != null && value.isTextual()) {
                try {
                    object.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(value.asText())));
                } catch (IllegalArgumentException e) {
                    throw new FieldException(field, "must be a hex string");
                }
            }
        }
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 20);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ResponseEntity<byte[]> status(HttpStatus http, boolean json, Code code, String message) {
        return encode(http, json, Status.newBuilder().setCode(code.getNumber()).setMessage(message).build());
    }

    private static ResponseEntity<byte[]> encode(HttpStatus http, boolean json, Message message) {
        try {
            return ResponseEntity.status(http).contentType(json ? MediaType.APPLICATION_JSON : MediaType.parseMediaType(PROTOBUF))
                                 .body(json ? JSON_PRINTER.print(message).getBytes(java.nio.charset.StandardCharsets.UTF_8) : message.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }
}
