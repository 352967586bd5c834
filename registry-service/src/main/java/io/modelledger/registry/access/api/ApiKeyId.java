package io.modelledger.registry.access.api;

/** Identifies an ApiKey aggregate; the string form is unique across all aggregates of the store. */
public record ApiKeyId(String keyId) {

    @Override
    public String toString() {
        return "apikey:" + keyId;
    }
}
