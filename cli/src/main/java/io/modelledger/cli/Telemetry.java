package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "telemetry", mixinStandardHelpOptions = true, description = "Inference telemetry.", subcommands = Telemetry.Send.class)
final class Telemetry {

    @Command(name = "send", description = {"Sends inference records (one JSON object per line) in batches, with an ingest key.",
            "Each batch's id is derived from the file's content and the batch's place in it, so sending the same file again,",
            "or a retry after a lost answer, records nothing twice. Batches that fail with 429, 5xx or a broken connection are retried."})
    static final class Send extends Base {
        @Parameters(paramLabel = "FILE.ndjson")
        Path file;
        @Option(names = "--batch-size", defaultValue = "1000", description = "Records per batch (at most 10,000; default ${DEFAULT-VALUE}).")
        int batchSize;
        @Option(names = "--retries", defaultValue = "5", description = "Attempts after the first, per batch (default ${DEFAULT-VALUE}).")
        int retries;

        @Override
        public Integer call() throws Exception {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new ModelLedger.UsageError("--batch-size must be between 1 and 10000");
            }
            if (!Files.isRegularFile(file)) {
                throw new ModelLedger.UsageError("no file " + file);
            }
            String fileId = Versions.sha256(file).substring(0, 24);
            Api api = api();
            int batches = 0;
            long accepted = 0;
            long rejected = 0;
            int duplicates = 0;
            ArrayNode rejections = JSON.createArrayNode();
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<String> batch = new ArrayList<>(batchSize);
                String line;
                int number = 0;
                while (true) {
                    line = lines.readLine();
                    if (line != null) {
                        number++;
                        if (!line.isBlank()) {
                            batch.add(line);
                        }
                    }
                    if (batch.size() == batchSize || (line == null && !batch.isEmpty())) {
                        String batchId = "cli-" + fileId + "-" + batches;
                        JsonNode receipt = send(api, batchId, batch, number);
                        batches++;
                        accepted += receipt.path("accepted").asLong();
                        rejected += receipt.path("rejected").size();
                        duplicates += receipt.path("duplicate").asBoolean() ? 1 : 0;
                        for (JsonNode r : receipt.path("rejected")) {
                            if (rejections.size() < 100) {
                                rejections.add(((ObjectNode) r.deepCopy()).put("batchId", batchId));
                            }
                        }
                        batch.clear();
                    }
                    if (line == null) {
                        break;
                    }
                }
            }
            ObjectNode summary = object().put("batches", batches).put("accepted", accepted).put("rejected", rejected)
                                         .put("duplicateBatches", duplicates);
            summary.set("rejections", rejections);
            long a = accepted;
            long r = rejected;
            int d = duplicates;
            int b = batches;
            emit(summary, () -> {
                out().println("Sent " + b + " batch(es): " + a + " records accepted, " + r + " rejected"
                                      + (d > 0 ? ", " + d + " batch(es) already recorded before (not counted twice)" : "") + ".");
                rejections.forEach(x -> out().println("  rejected in " + text(x, "batchId") + ": " + x));
            });
            return ModelLedger.OK;
        }

        private JsonNode send(Api api, String batchId, List<String> lines, int lastLine) throws Exception {
            StringBuilder body = new StringBuilder("{\"batchId\":\"").append(batchId).append("\",\"records\":[");
            for (int i = 0; i < lines.size(); i++) {
                body.append(i == 0 ? "" : ",").append(lines.get(i));
            }
            body.append("]}");
            String json = body.toString();
            try {
                JSON.readTree(json);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ModelLedger.UsageError(file + ": a line before line " + (lastLine + 1) + " is not a JSON object: " + e.getOriginalMessage());
            }
            long pause = 500;
            for (int attempt = 0; ; attempt++) {
                try {
                    return api.post("/api/monitor/telemetry", json);
                } catch (Api.ApiException e) {
                    if (!(e.status == 429 || e.status >= 500) || attempt >= retries) {
                        throw e;
                    }
                    err().println("batch " + batchId + ": " + e.status + ", retrying in " + pause + " ms");
                } catch (java.io.IOException e) {
                    if (attempt >= retries) {
                        throw e;
                    }
                    err().println("batch " + batchId + ": " + e + ", retrying in " + pause + " ms");
                }
                Thread.sleep(pause);
                pause = Math.min(10_000, pause * 2);
            }
        }
    }
}
