package io.modelledger.platform.projection;

import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;

import java.util.List;
import java.util.Optional;

/**
 * One token collection, two durability classes ({@link ReadModelDurability}): a deferred processor's token
 * advances and its claim extensions go without waiting for the journal; every other token write, and every claim
 * taken or released, stays synced.
 *
 * <p>A reset is synced too. It clears the read model (synced, outside any unit of work) and then stores a
 * {@link ReplayToken}; were that token lost in a crash, the processor would resume at its old position over
 * an empty read model. Tokens of a replay in progress are therefore never deferred.
 */
public final class DeferringTokenStore implements TokenStore {

    private final TokenStore synced;
    private final TokenStore deferred;
    private final ReadModelDurability durability;

    /** Both stores must share one collection; {@code deferred} writes without waiting for the journal. */
    public DeferringTokenStore(TokenStore synced, TokenStore deferred, ReadModelDurability durability) {
        this.synced = synced;
        this.deferred = deferred;
        this.durability = durability;
    }

    @Override
    public void storeToken(TrackingToken token, String processorName, int segment) {
        boolean mayDefer = !(token instanceof ReplayToken) && durability.deferred(processorName);
        (mayDefer ? deferred : synced).storeToken(token, processorName, segment);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount) {
        synced.initializeTokenSegments(processorName, segmentCount);
    }

    @Override
    public void initializeTokenSegments(String processorName, int segmentCount, TrackingToken initialToken) {
        synced.initializeTokenSegments(processorName, segmentCount, initialToken);
    }

    @Override
    public TrackingToken fetchToken(String processorName, int segment) {
        return synced.fetchToken(processorName, segment);
    }

    @Override
    public TrackingToken fetchToken(String processorName, Segment segment) {
        return synced.fetchToken(processorName, segment);
    }

    /** Axon extends the claim when a batch starts; a claim extension lost in a crash is harmless (the claim times out). */
    @Override
    public void extendClaim(String processorName, int segment) {
        (durability.deferred(processorName) ? deferred : synced).extendClaim(processorName, segment);
    }

    @Override
    public void releaseClaim(String processorName, int segment) {
        synced.releaseClaim(processorName, segment);
    }

    @Override
    public void initializeSegment(TrackingToken token, String processorName, int segment) {
        synced.initializeSegment(token, processorName, segment);
    }

    @Override
    public void deleteToken(String processorName, int segment) {
        synced.deleteToken(processorName, segment);
    }

    @Override
    public boolean requiresExplicitSegmentInitialization() {
        return synced.requiresExplicitSegmentInitialization();
    }

    @Override
    public int[] fetchSegments(String processorName) {
        return synced.fetchSegments(processorName);
    }

    @Override
    public List<Segment> fetchAvailableSegments(String processorName) {
        return synced.fetchAvailableSegments(processorName);
    }

    @Override
    public Optional<String> retrieveStorageIdentifier() {
        return synced.retrieveStorageIdentifier();
    }
}
