package io.modelledger.registry.model.api;

import java.util.List;

public record AliasHistory(String modelName, String alias, List<AliasChange> changes) {
}
