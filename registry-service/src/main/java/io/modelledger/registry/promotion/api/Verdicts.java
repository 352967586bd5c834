package io.modelledger.registry.promotion.api;

import io.modelledger.registry.governance.VerdictEvidence;
import java.util.List;
import java.util.Set;
import static org.springframework.data.mongodb.core.query.Criteria.where;

/** The suites with a passing verdict (as reported, whatever a policy makes of it) and every verdict, newest first. */
public record Verdicts(Set<String> suites, List<VerdictEvidence> items) {
}
