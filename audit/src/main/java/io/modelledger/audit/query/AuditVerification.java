package io.modelledger.audit.query;

import io.modelledger.audit.api.ChainHead;
import io.modelledger.audit.api.ChainBreak;
import io.modelledger.audit.api.ChainVerification;
import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.platform.eventstore.StoredEventReader;
import org.springframework.stereotype.Component;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;

/**
 * The chain recomputed from the event store as it is now and followed in its order: an event edited in the
 * database, an entry edited, or a link that does not follow from its predecessor is named; then every stored
 * event up to the head must have an entry. Someone who edits an event and recomputes every later hash passes
 * that walk; the checkpoints kept outside the database catch them.
 */
@Component
public class AuditVerification {

    private static final int WINDOW = 512;

    private final AuditEntries entries;
    private final StoredEventReader events;

    public AuditVerification(AuditEntries entries, StoredEventReader events) {
        this.entries = entries;
        this.events = events;
    }

    /** Stops after {@code maxBreaks} breaks; {@code external} are the checkpoints held outside the database, signed by {@code key}. */
    public ChainVerification verify(int maxBreaks, List<AuditCheckpoint> external, PublicKey key) {
        ChainHead head = entries.head().orElse(ChainHead.EMPTY);
        AuditCheckpoint.Check checkpoints = AuditCheckpoint.check(external, key, s -> entries.entryAt(s).map(AuditEntry::hash).orElse(null),
                                                                  head.sequence());
        List<ChainBreak> breaks = new ArrayList<>();
        String previous = AuditEntry.GENESIS;
        long checked = 0;
        BitSet chained = new BitSet();
        for (long from = 1; from <= head.sequence(); from += WINDOW) {
            List<AuditEntry> window = entries.chainWindow(head, from, Math.min(head.sequence(), from + WINDOW - 1));
            Map<Long, AuditEntry.StoredEvent> stored = events.at(window.stream().map(AuditEntry::position).toList());
            for (AuditEntry entry : window) {
                checked++;
                chained.set(Math.toIntExact(entry.position()));
                AuditEntry.StoredEvent event = stored.get(entry.position());
                if (!entry.hashHolds() || !entry.previousHash().equals(previous)) {
                    breaks.add(new ChainBreak(entry.position(), entry.eventId(), "the audit entry does not follow from the chain"));
                } else if (event == null) {
                    breaks.add(new ChainBreak(entry.position(), entry.eventId(), "the event of this audit entry is not in the store"));
                } else if (!AuditEntry.of(event, previous, entry.format(), entry.sequence()).hash().equals(entry.hash())) {
                    breaks.add(new ChainBreak(entry.position(), entry.eventId(),
                                         "the stored event no longer matches its audit entry (edited after it was recorded)"));
                }
                previous = entry.hash();
                if (breaks.size() >= maxBreaks) {
                    return new ChainVerification(false, checked, previous, breaks, checkpoints);
                }
            }
        }
        for (long from = 1; from <= head.position(); from += WINDOW) {
            for (AuditEntry.StoredEvent event : events.range(from, Math.min(head.position(), from + WINDOW - 1))) {
                if (!chained.get(Math.toIntExact(event.position()))) {
                    breaks.add(new ChainBreak(event.position(), event.eventId(), "the event has no audit entry"));
                    if (breaks.size() >= maxBreaks) {
                        return new ChainVerification(false, checked, previous, breaks, checkpoints);
                    }
                }
            }
        }
        return new ChainVerification(breaks.isEmpty() && checkpoints.holds(), checked, previous, breaks, checkpoints);
    }
}
