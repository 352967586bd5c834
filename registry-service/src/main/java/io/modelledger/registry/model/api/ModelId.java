package io.modelledger.registry.model.api;

/**
 * Identifies a Model aggregate. Its string form, the aggregate identifier in the event store, is
 * prefixed by the aggregate kind because identifiers are unique across all aggregates of the store.
 */
public record ModelId(String name) {

    @Override
    public String toString() {
        return "model:" + name;
    }
}
