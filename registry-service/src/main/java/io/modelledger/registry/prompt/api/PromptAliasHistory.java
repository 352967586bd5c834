package io.modelledger.registry.prompt.api;

import java.util.List;

public record PromptAliasHistory(String promptName, String alias, List<AliasChange> changes) {
}
