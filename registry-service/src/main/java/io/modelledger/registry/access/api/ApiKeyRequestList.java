package io.modelledger.registry.access.api;

import java.util.List;

/** Requests for privileged keys, newest first. */
public record ApiKeyRequestList(List<ApiKeyRequestView> items) {
}
