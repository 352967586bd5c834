package io.modelledger.eval.suite.api;

import io.modelledger.contracts.eval.MetricSpec;
import java.time.Instant;
import java.util.List;

/** One published version of a suite; {@code id} is {@code name/version}. */
public record SuiteVersionView(String id, String suiteName, int version, String sha256, int caseCount,
                               List<MetricSpec> metrics, String description, Instant publishedAt, String publishedBy) {
}
