package io.modelledger.eval.suite.api;

/**
 * Stores validated suite content and publishes it as the suite's next version, unless it equals the latest
 * version's content; answered with the {@link PublishedSuiteVersion}.
 */
public record PublishSuiteContent(SuiteId suiteId, String description, SuiteContent content) {
}
