package io.modelledger.registry.access.api;

import java.time.Instant;

/**
 * Requests for privileged keys in one status, newest first. A request that no one approved before its deadline is
 * {@code expired} from that instant on ({@code now}), as the key's aggregate judges it.
 */
public record ListApiKeyRequests(String status, Instant now, int limit) {
}
