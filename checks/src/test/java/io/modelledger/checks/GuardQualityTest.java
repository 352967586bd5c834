package io.modelledger.checks;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guard's quality on the committed labelled sets cannot fall unnoticed: floors a little under the figures measured on
 * the final commit (docs/metrics.md), on the test half of the injection and toxicity sets (the half no threshold was
 * chosen on) and on the whole PII and secrets sets.
 */
class GuardQualityTest {

    private static final Guard GUARD = new Guard(GuardTest.EMBEDDINGS);

    @Test
    void piiAndSecretsKeepTheirPrecisionAndRecall() {
        GuardEvaluation.Score pii = GuardEvaluation.spans("pii", GuardEvaluation.read("pii-eval.jsonl"), GUARD).get("pii");
        GuardEvaluation.Score secrets = GuardEvaluation.spans("secrets", GuardEvaluation.read("secrets-eval.jsonl"), GUARD).get("secrets");
        assertThat(pii.precision()).as(pii.line()).isGreaterThanOrEqualTo(0.97);
        assertThat(pii.recall()).as(pii.line()).isGreaterThanOrEqualTo(0.97);
        assertThat(secrets.precision()).as(secrets.line()).isGreaterThanOrEqualTo(0.97);
        assertThat(secrets.recall()).as(secrets.line()).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void injectionAndToxicityKeepTheirQualityOnTheHeldOutHalf() {
        List<GuardEvaluation.Item> injection = GuardEvaluation.half(GuardEvaluation.read("injection-eval.jsonl"), false);
        GuardEvaluation.Score inj = GuardEvaluation.items("injection", injection, "attack", GUARD,
                                                          new Guard.Rule("injection", Guard.LOG, null, null));
        assertThat(inj.recall()).as(inj.line()).isGreaterThanOrEqualTo(0.80);
        assertThat(inj.precision()).as(inj.line()).isGreaterThanOrEqualTo(0.75);

        List<GuardEvaluation.Item> toxicity = GuardEvaluation.half(GuardEvaluation.read("toxicity-eval.jsonl"), false);
        GuardEvaluation.Score tox = GuardEvaluation.items("toxicity", toxicity, "toxic", GUARD, new Guard.Rule("toxicity", Guard.LOG, null, null));
        GuardEvaluation.Score lexicon = GuardEvaluation.items("lexicon", toxicity, "toxic", GUARD,
                                                              new Guard.Rule("toxicity", Guard.LOG, null, Map.of("similarity", false)));
        assertThat(tox.recall()).as(tox.line()).isGreaterThanOrEqualTo(0.75);
        assertThat(tox.precision()).as(tox.line()).isGreaterThanOrEqualTo(0.85);
        assertThat(tox.recall()).as("the exemplars find what the lexicon misses").isGreaterThan(lexicon.recall() + 0.2);
    }
}
