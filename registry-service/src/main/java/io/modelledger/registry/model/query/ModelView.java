package io.modelledger.registry.model.query;

import java.time.Instant;
import java.util.Map;

/** A model as the catalog shows it. */
public record ModelView(String name, String description, Map<String, String> tags, int latestVersion,
                        Instant registeredAt, String registeredBy) {
}
