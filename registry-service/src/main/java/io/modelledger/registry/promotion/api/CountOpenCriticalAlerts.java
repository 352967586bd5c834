package io.modelledger.registry.promotion.api;

public record CountOpenCriticalAlerts(String modelName) {
}
