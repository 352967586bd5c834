package io.modelledger.registry.prompt.api;

import static org.springframework.data.mongodb.core.query.Criteria.where;

public record FindPrompt(String name) {
}
