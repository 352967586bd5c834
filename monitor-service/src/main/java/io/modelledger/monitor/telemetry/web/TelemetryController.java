package io.modelledger.monitor.telemetry.web;

import io.modelledger.platform.metadata.KeyBinding;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.monitor.telemetry.api.IngestTelemetry;
import io.modelledger.monitor.telemetry.api.TelemetryReceipt;
import io.modelledger.platform.domain.FieldException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Inference telemetry: {@code POST} a batch of up to 10,000 records (10 MiB) as JSON
 * ({@code {"batchId": …, "records": […]}}) or NDJSON (one record per line, {@code ?batchId=…}). The answer
 * lists the records refused, with reasons; the rest are stored. Sending a batch id again stores nothing.
 */
@RestController
@RequestMapping("/api/monitor/telemetry")
class TelemetryController {

    static final long MAX_BYTES = 10L * 1024 * 1024;
    /** Telemetry is read as a tree (each record is checked on its own), as strictly as any other body. */
    private static final ObjectMapper JSON = io.modelledger.platform.web.StrictJson.treeReader();

    private final CommandGateway commands;

    TelemetryController(CommandGateway commands) {
        this.commands = commands;
    }

    @PostMapping(consumes = "application/json")
    ResponseEntity<TelemetryReceipt> json(@RequestBody byte[] body) throws IOException {
        limit(body.length);
        JsonNode batch;
        try {
            batch = JSON.readTree(body);
        } catch (IOException e) {
            throw new FieldException("body", "not JSON: " + e.getMessage());
        }
        if (batch == null || !batch.isObject() || !batch.path("records").isArray()) {
            throw new FieldException("records", "required: an array of inference records");
        }
        List<JsonNode> records = new ArrayList<>(batch.get("records").size());
        batch.get("records").forEach(records::add);
        return respond(commands.<TelemetryReceipt>sendAndWait(new IngestTelemetry(batch.path("batchId").asText(null), records, KeyBinding.current().orElse(null))));
    }

    @PostMapping(consumes = {"application/x-ndjson", "application/jsonl"})
    ResponseEntity<TelemetryReceipt> ndjson(@RequestParam(required = false) String batchId, InputStream body)
            throws IOException {
        List<JsonNode> records = new ArrayList<>();
        long bytes = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                bytes += line.length() + 1;
                limit(bytes);
                if (line.isBlank()) {
                    continue;
                }
                try {
                    records.add(JSON.readTree(line));
                } catch (IOException e) {
                    records.add(null); // refused with a reason, like any malformed record
                }
                if (records.size() > IngestTelemetry.MAX_RECORDS) {
                    throw new FieldException("records", "at most " + IngestTelemetry.MAX_RECORDS + " records per batch");
                }
            }
        }
        return respond(commands.<TelemetryReceipt>sendAndWait(new IngestTelemetry(batchId, records, KeyBinding.current().orElse(null))));
    }

    private static void limit(long bytes) {
        if (bytes > MAX_BYTES) {
            throw new FieldException("body", "at most 10 MiB per batch");
        }
    }

    private static ResponseEntity<TelemetryReceipt> respond(TelemetryReceipt result) {
        return ResponseEntity.ok(result);
    }
}
