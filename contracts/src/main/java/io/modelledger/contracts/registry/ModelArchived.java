package io.modelledger.contracts.registry;

/** A model was archived: it takes no new versions, promotions or deployments until restored. */
public record ModelArchived(String modelName) {
}
