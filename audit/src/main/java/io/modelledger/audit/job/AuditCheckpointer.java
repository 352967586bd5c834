package io.modelledger.audit.job;

import io.modelledger.audit.api.ChainHead;
import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.audit.query.AuditCheckpointSink;
import io.modelledger.audit.query.AuditSigningKey;
import io.modelledger.audit.query.AuditEntries;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Signs a checkpoint of the chain every {@code modelledger.audit.checkpoints.every} entries (default 1000)
 * or every {@code …interval} (default 5 minutes) when the chain grew, writes it to the external sink first
 * and then appends it to the trail as an {@code AuditCheckpoint} event. A rewrite or truncation of the chain
 * is detected against the sink up to the last checkpoint; what was chained after it is the window in which
 * a rewrite goes undetected. Replicas may checkpoint the same head: the statements agree.
 */
@Component
class AuditCheckpointer {

    private static final Logger log = LoggerFactory.getLogger(AuditCheckpointer.class);

    private final AuditEntries store;
    private final AuditCheckpointSink sink;
    private final AuditSigningKey key;
    private final EventGateway events;
    private final long every;
    private final Duration interval;
    private final Clock clock;
    private final Instant started;

    AuditCheckpointer(AuditEntries store, AuditCheckpointSink sink, AuditSigningKey key, EventGateway events,
                      @Value("${modelledger.audit.checkpoints.every:1000}") long every,
                      @Value("${modelledger.audit.checkpoints.interval:PT5M}") Duration interval, Clock clock) {
        this.clock = clock;
        this.started = clock.instant();
        if (every < 1 || interval.isNegative() || interval.isZero()) {
            throw new IllegalStateException("modelledger.audit.checkpoints.every and .interval must be positive");
        }
        this.store = store;
        this.sink = sink;
        this.key = key;
        this.events = events;
        this.every = every;
        this.interval = interval;
    }

    @Scheduled(initialDelayString = "${modelledger.audit.checkpoints.poll:PT1S}", fixedDelayString = "${modelledger.audit.checkpoints.poll:PT1S}")
    void checkpointWhenDue() {
        try {
            checkpointIfDue(clock.instant());
        } catch (RuntimeException e) {
            log.warn("Could not write an audit checkpoint: {}", e.toString());
        }
    }

    /** The checkpoint written now, or null when none is due. */
    AuditCheckpoint checkpointIfDue(Instant now) {
        ChainHead head = store.head().orElse(null);
        if (head == null) {
            return null;
        }
        AuditCheckpoint last = sink.last();
        long grown = head.sequence() - (last == null ? 0 : last.sequence());
        Instant since = last == null ? started : Instant.parse(last.at());
        if (grown <= 0 || (grown < every && Duration.between(since, now).compareTo(interval) < 0)) {
            return null;
        }
        if (last != null) {
            // never vouch for a chain that no longer agrees with the last anchor: that would launder a rewrite
            String recorded = store.entryAt(last.sequence()).map(AuditEntry::hash).orElse(null);
            if (!last.hash().equals(recorded)) {
                log.error("Not signing a checkpoint: the chain no longer agrees with the checkpoint at sequence {} ({}); "
                          + "verify the audit trail", last.sequence(), recorded == null ? "its entry is gone" : "its hash changed");
                return null;
            }
        }
        AuditEntry entry = store.entryAt(head.sequence()).orElseThrow(() -> new IllegalStateException(
                "The chain's head names sequence " + head.sequence() + ", which has no entry"));
        AuditCheckpoint checkpoint;
        try {
            checkpoint = AuditCheckpoint.signed(head.sequence(), entry.position(), entry.hash(), head.sequence(), now.toString(),
                                                key.keyId(), key.privateKey());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign the audit checkpoint", e);
        }
        sink.write(checkpoint);
        events.publish(GenericEventMessage.asEventMessage(checkpoint)
                                          .andMetaData(SystemMetadata.of(SystemActors.REGISTRY, "audit checkpoint")));
        return checkpoint;
    }
}
