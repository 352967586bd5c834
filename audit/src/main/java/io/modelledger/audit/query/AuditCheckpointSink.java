package io.modelledger.audit.query;

import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.platform.outbound.GuardedHttp;
import io.modelledger.platform.outbound.WebhookSignature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Where checkpoints go outside MongoDB: an append-only JSONL file, each line synced to disk before the
 * checkpoint counts as written, and optionally a webhook (signed with HMAC-SHA256 like the monitor's: the
 * {@code X-ModelLedger-Signature: sha256=<hex>} of {@code <timestamp>.<body>} under the webhook's secret).
 * The file is mandatory outside standalone mode ({@code modelledger.audit.checkpoints.file}); standalone keeps
 * it in its data directory.
 */
@Component
public class AuditCheckpointSink {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpointSink.class);
    static final String DEFAULT_FILE = "audit-checkpoints.jsonl";

    private final Path file;
    private final java.nio.file.PathMatcher readable;
    private final String webhookUrl;
    private final String webhookSecret;
    private final GuardedHttp outbound;
    private AuditCheckpoint last;
    private boolean loaded;

    private final Clock clock;

    AuditCheckpointSink(@Value("${modelledger.audit.checkpoints.file:}") String file,
                        @Value("${modelledger.audit.generate-key-in:}") String standaloneDirectory,
                        @Value("${modelledger.audit.checkpoints.webhook.url:}") String webhookUrl,
                        @Value("${modelledger.audit.checkpoints.webhook.secret:}") String webhookSecret, GuardedHttp outbound,
                        @Value("${modelledger.audit.checkpoints.read:}") String read, Clock clock) {
        this.clock = clock;
        if (!file.isBlank()) {
            this.file = Path.of(file);
        } else if (!standaloneDirectory.isBlank()) {
            this.file = Path.of(standaloneDirectory).resolve(DEFAULT_FILE);
        } else {
            throw new IllegalStateException("No external audit checkpoint sink: set modelledger.audit.checkpoints.file to an "
                    + "append-only file outside the database (a mounted volume); only standalone mode keeps one in its data directory");
        }
        // which files verification reads: the one written here, or a glob over every replica's (a shared volume)
        this.readable = read.isBlank() ? p -> p.toAbsolutePath().normalize().equals(this.file.toAbsolutePath().normalize())
                : java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + read);
        if (!webhookUrl.isBlank() && webhookSecret.isBlank()) {
            throw new IllegalStateException("modelledger.audit.checkpoints.webhook.secret is required with a checkpoint webhook");
        }
        this.webhookUrl = webhookUrl;
        this.webhookSecret = webhookSecret;
        this.outbound = outbound;
    }

    public Path file() {
        return file;
    }

    /**
     * Every checkpoint in the readable files, oldest first, each sequence once. A line that is not a
     * checkpoint, or two files that disagree about one sequence, is a tampered anchor: refused, not skipped.
     */
    public synchronized List<AuditCheckpoint> all() {
        java.util.TreeMap<Long, AuditCheckpoint> bySequence = new java.util.TreeMap<>();
        Path directory = file.toAbsolutePath().normalize().getParent();
        if (directory == null || !Files.isDirectory(directory)) {
            return List.of();
        }
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path candidate : files.filter(p -> Files.isRegularFile(p) && readable.matches(p.toAbsolutePath().normalize())).sorted().toList()) {
                int number = 0;
                for (String line : Files.readAllLines(candidate, StandardCharsets.UTF_8)) {
                    number++;
                    if (line.isBlank()) {
                        continue;
                    }
                    AuditCheckpoint checkpoint;
                    try {
                        checkpoint = AuditCheckpoint.fromJsonLine(line);
                    } catch (IOException e) {
                        throw new IllegalStateException("Line " + number + " of " + candidate + " is no checkpoint: the anchor file was altered");
                    }
                    AuditCheckpoint other = bySequence.putIfAbsent(checkpoint.sequence(), checkpoint);
                    if (other != null && !other.hash().equals(checkpoint.hash())) {
                        throw new IllegalStateException("Two checkpoint files disagree about sequence " + checkpoint.sequence());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(bySequence.values());
    }

    /** The newest checkpoint written, if any. */
    public synchronized AuditCheckpoint last() {
        if (!loaded) {
            List<AuditCheckpoint> all = all(); // every replica's: a new pod continues from the newest anchor
            last = all.isEmpty() ? null : all.getLast();
            loaded = true;
        }
        return last;
    }

    /** Appends and syncs the checkpoint, then notifies the webhook (whose failure is logged, not fatal). */
    public synchronized void write(AuditCheckpoint checkpoint) {
        byte[] line = (checkpoint.toJsonLine() + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND,
                                                        StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(line));
                channel.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the audit checkpoint to " + file, e);
        }
        last = checkpoint;
        loaded = true;
        if (!webhookUrl.isBlank()) {
            notifyWebhook(checkpoint);
        }
    }

    private void notifyWebhook(AuditCheckpoint checkpoint) {
        String body = checkpoint.toJsonLine();
        String timestamp = String.valueOf(clock.instant().getEpochSecond());
        java.util.Map<String, String> headers = java.util.Map.of("X-ModelLedger-Event", "AuditCheckpoint",
                "X-ModelLedger-Delivery", "checkpoint-" + checkpoint.sequence(), WebhookSignature.TIMESTAMP, timestamp,
                WebhookSignature.SIGNATURE, WebhookSignature.header(webhookSecret, timestamp, body));
        try {
            GuardedHttp.Response response = outbound.send("POST", URI.create(webhookUrl), headers, body, Duration.ofSeconds(10));
            if (response.status() / 100 != 2) {
                log.warn("The audit checkpoint webhook answered {} to checkpoint {}", response.status(), checkpoint.sequence());
            }
        } catch (Exception e) {
            log.warn("The audit checkpoint webhook could not be reached for checkpoint {}: {}", checkpoint.sequence(), e.toString());
        }
    }
}
