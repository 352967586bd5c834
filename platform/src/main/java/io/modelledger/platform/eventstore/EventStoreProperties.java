package io.modelledger.platform.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * Tuning of the event store and the tracking side, under {@code modelledger.event-store}.
 *
 * @param gapTimeout     how long a reserved global index may stay missing before trackers pass it
 * @param maxGapOffset   how far behind a token's index a gap is kept (late commits are still delivered)
 * @param batchSize      events per fetch, for aggregates and trackers
 * @param fetchDelay     how often a tracker at the head polls for events appended by other processes
 * @param claimTimeout   how long a processor segment claim lasts without being extended
 * @param nodeId         owner name of token claims; must differ between processes and stay stable across
 *                       restarts of one process so it re-claims its segments at once (empty = pid@host)
 */
@ConfigurationProperties("modelledger.event-store")
public record EventStoreProperties(Duration gapTimeout,
                                   Integer maxGapOffset,
                                   Integer batchSize,
                                   Duration fetchDelay,
                                   Duration claimTimeout,
                                   String nodeId) {

    public EventStoreProperties {
        gapTimeout = gapTimeout == null ? Duration.ofSeconds(60) : gapTimeout;
        maxGapOffset = maxGapOffset == null ? 10_000 : maxGapOffset;
        batchSize = batchSize == null ? 100 : batchSize;
        fetchDelay = fetchDelay == null ? Duration.ofMillis(200) : fetchDelay;
        claimTimeout = claimTimeout == null ? Duration.ofSeconds(10) : claimTimeout;
        nodeId = nodeId == null ? "" : nodeId;
    }
}
