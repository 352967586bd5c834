package io.modelledger.registry.audit.query;

import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.platform.outbound.GuardedHttp;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
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
    private final String webhookUrl;
    private final String webhookSecret;
    private final GuardedHttp outbound;
    private AuditCheckpoint last;
    private boolean loaded;

    AuditCheckpointSink(@Value("${modelledger.audit.checkpoints.file:}") String file,
                        @Value("${modelledger.audit.generate-key-in:}") String standaloneDirectory,
                        @Value("${modelledger.audit.checkpoints.webhook.url:}") String webhookUrl,
                        @Value("${modelledger.audit.checkpoints.webhook.secret:}") String webhookSecret, GuardedHttp outbound) {
        if (!file.isBlank()) {
            this.file = Path.of(file);
        } else if (!standaloneDirectory.isBlank()) {
            this.file = Path.of(standaloneDirectory).resolve(DEFAULT_FILE);
        } else {
            throw new IllegalStateException("No external audit checkpoint sink: set modelledger.audit.checkpoints.file to an "
                    + "append-only file outside the database (a mounted volume); only standalone mode keeps one in its data directory");
        }
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

    /** Every checkpoint in the file, oldest first; a line that is not one is skipped (and said). */
    public synchronized List<AuditCheckpoint> all() {
        List<AuditCheckpoint> checkpoints = new ArrayList<>();
        if (!Files.exists(file)) {
            return checkpoints;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        checkpoints.add(AuditCheckpoint.fromJsonLine(line));
                    } catch (IOException e) {
                        log.warn("A line of {} is no checkpoint: {}", file, e.getMessage());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return checkpoints;
    }

    /** The newest checkpoint written, if any. */
    public synchronized AuditCheckpoint last() {
        if (!loaded) {
            List<AuditCheckpoint> all = all();
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
        String timestamp = String.valueOf(Instant.now().getEpochSecond());
        java.util.Map<String, String> headers = java.util.Map.of("X-ModelLedger-Event", "AuditCheckpoint",
                "X-ModelLedger-Delivery", "checkpoint-" + checkpoint.sequence(), "X-ModelLedger-Timestamp", timestamp,
                "X-ModelLedger-Signature", "sha256=" + hmac(webhookSecret, timestamp + "." + body));
        try {
            GuardedHttp.Response response = outbound.send("POST", URI.create(webhookUrl), headers, body, Duration.ofSeconds(10));
            if (response.status() / 100 != 2) {
                log.warn("The audit checkpoint webhook answered {} to checkpoint {}", response.status(), checkpoint.sequence());
            }
        } catch (Exception e) {
            log.warn("The audit checkpoint webhook could not be reached for checkpoint {}: {}", checkpoint.sequence(), e.toString());
        }
    }

    static String hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
