package io.modelledger.registry.promotion.api;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Asks for every verdict recorded for one version of a model or prompt. */
public record FindVerdicts(String subjectKind, String subjectName, int version) {
}
