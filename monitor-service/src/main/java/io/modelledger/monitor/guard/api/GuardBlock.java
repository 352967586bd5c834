package io.modelledger.monitor.guard.api;

import java.time.Instant;
import java.util.List;

/**
 * A record of one blocked text: when, for what, which checks blocked it with what score, and the request id that ties it to
 * the gateway's log and trace. {@code text} is kept only where the model's monitoring policy captures content.
 */
public record GuardBlock(String id, Instant at, String subjectKind, String subject, Integer version, String environment, String stage,
                         List<Check> checks, String requestId, String text) {

    public record Check(String check, String type, double score) {
    }
}
