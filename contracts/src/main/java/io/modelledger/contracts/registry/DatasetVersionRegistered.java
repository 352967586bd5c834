package io.modelledger.contracts.registry;

import java.util.Map;

/**
 * An immutable dataset version: where it is, its bytes' SHA-256, its size and schema, and whether it holds
 * personal data (which decides what an export may show of it).
 */
public record DatasetVersionRegistered(String datasetName, int version, String uri, String sha256, Long rowCount,
                                       Map<String, Object> schema, boolean containsPersonalData) {
}
