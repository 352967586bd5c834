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

@Command(name = "telemetry", mixinStandardHelpOptions = true, description = "Inference telemetry.", subcommands = Telemetry.Send.class)
final class Telemetry {

    @Command(name = "send", description = {"Sends inference records (one JSON object per line) in batches, with an ingest key.",
            "Each batch's id is derived from the file's content and the lines it holds, so sending the same file again (with the",
            "same --batch-size), or a retry after a lost answer, records nothing twice. Batches that fail with 429, 5xx or a",
            "broken connection are retried."})
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
            String fileId = io.modelledger.contracts.Sha256.hex(file).substring(0, 24);
            Api api = api();
            int batches = 0;
            long accepted = 0;
            long rejected = 0;
            int duplicates = 0;
            ArrayNode rejections = JSON.createArrayNode();
            try (BufferedReader lines = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                ArrayNode batch = JSON.createArrayNode();
                int number = 0;
                int first = 0;
                String line;
                do {
                    line = lines.readLine();
                    if (line != null) {
                        number++;
                        if (!line.isBlank()) {
                            batch.add(record(line, number));
                            first = first == 0 ? number : first;
                        }
                    }
                    if (batch.size() == batchSize || (line == null && !batch.isEmpty())) {
                        // named by the file's content and the lines it holds: the same lines again are the same batch
                        String batchId = "cli-" + fileId + "-" + first + "-" + number;
                        ObjectNode body = object().put("batchId", batchId);
                        body.set("records", batch);
                        JsonNode receipt = send(api, batchId, body);
                        batches++;
                        accepted += receipt.path("accepted").asLong();
                        rejected += receipt.path("rejected").size();
                        duplicates += receipt.path("duplicate").asBoolean() ? 1 : 0;
                        for (JsonNode r : receipt.path("rejected")) {
                            if (rejections.size() < 100) {
                                rejections.add(((ObjectNode) r.deepCopy()).put("batchId", batchId));
                            }
                        }
                        batch = JSON.createArrayNode();
                        first = 0;
                    }
                } while (line != null);
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

        private JsonNode record(String line, int number) {
            JsonNode record;
            try {
                record = JSON.readTree(line);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ModelLedger.UsageError(file + " line " + number + " is not JSON: " + e.getOriginalMessage());
            }
            if (!record.isObject()) {
                throw new ModelLedger.UsageError(file + " line " + number + " is not a JSON object (one record per line)");
            }
            return record;
        }

        private JsonNode send(Api api, String batchId, ObjectNode body) throws Exception {
            long pause = 500;
            for (int attempt = 0; ; attempt++) {
                try {
                    return api.post("/api/monitor/telemetry", body);
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
