package io.modelledger.registry.access.query;

/** Queries of the API key read model, answered by {@link ApiKeyProjection}. */
public final class AccessQueries {

    private AccessQueries() {
    }

    public record ListApiKeys() {
    }

    public record FindApiKeyCredential(String keyId) {
    }

    /** Answered with a {@link ApiKeyList}. */
    public record ApiKeyList(java.util.List<ApiKeyView> items) {
    }
}
