package io.modelledger.eval.suite.api;

/** The version that {@link PublishSuiteContent} published, or the latest version when it had the same content ({@code created} false). */
public record PublishedSuiteVersion(String suiteName, int version, String sha256, int caseCount, boolean created) {
}
