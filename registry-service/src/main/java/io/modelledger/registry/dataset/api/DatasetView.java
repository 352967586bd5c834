package io.modelledger.registry.dataset.api;

import java.time.Instant;
import java.util.Map;

public record DatasetView(String name, String description, String owner, Map<String, String> tags, int latestVersion,
                          Instant registeredAt, String registeredBy) {
}
