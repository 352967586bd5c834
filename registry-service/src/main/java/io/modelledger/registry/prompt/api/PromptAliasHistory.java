package io.modelledger.registry.prompt.api;

import java.util.List;
import static org.springframework.data.mongodb.core.query.Criteria.where;

public record PromptAliasHistory(String promptName, String alias, List<AliasChange> changes) {
}
