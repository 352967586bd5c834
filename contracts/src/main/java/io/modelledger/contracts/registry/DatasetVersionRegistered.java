package io.modelledger.contracts.registry;

import java.util.Map;

/**
 * An immutable dataset version: where it is, its bytes' SHA-256, its size and schema, and whether its owner
 * declared that it holds personal data. The flag is recorded and shown; no export or access rule reads it
 * yet.
 */
public record DatasetVersionRegistered(String datasetName, int version, String uri, String sha256, Long rowCount,
                                       Map<String, Object> schema, boolean containsPersonalData) {
}
