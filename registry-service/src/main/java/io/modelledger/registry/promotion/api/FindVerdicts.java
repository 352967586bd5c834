package io.modelledger.registry.promotion.api;

/** Asks for every verdict recorded for one version of a model or prompt. */
public record FindVerdicts(String subjectKind, String subjectName, int version) {
}
