package io.modelledger.registry.promotion.api;

import static org.springframework.data.mongodb.core.query.Criteria.where;

public record CountOpenCriticalAlerts(String modelName) {
}
