package io.modelledger.registry.promotion.api;

import io.modelledger.registry.governance.VerdictEvidence;
import java.util.List;
import java.util.Set;

/** The suites with a passing verdict (as reported, whatever a policy makes of it) and every verdict, newest first. */
public record Verdicts(Set<String> suites, List<VerdictEvidence> items) {
}
