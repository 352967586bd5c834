package io.modelledger.eval.suite.api;

import java.time.Instant;

/** A suite and its latest version. */
public record SuiteView(String suiteName, int latestVersion, String latestSha256, String description, Instant updatedAt) {
}
