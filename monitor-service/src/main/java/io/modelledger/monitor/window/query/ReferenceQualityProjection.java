package io.modelledger.monitor.window.query;

import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.registry.Subjects;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The quality each model version had when it was judged offline, from eval-service's verdicts: the accuracy (the
 * {@code accuracy} metric, else {@code equals}, both the share of cases answered right) of its latest passed evaluation,
 * and over how many cases. A labelled production window is compared with it ({@code concept_drift}).
 */
@Component
@ProcessingGroup(ReferenceQualityProjection.GROUP)
public class ReferenceQualityProjection {

    static final String GROUP = "monitor-reference-quality";
    static final String COLLECTION = "monitor_reference_quality";

    private final MongoTemplate mongo;

    public ReferenceQualityProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    /** A version's offline accuracy, the number of cases it was measured on, and the run. */
    public record Reference(double accuracy, long cases, String runId) {
    }

    @EventHandler
    void on(EvaluationCompleted event) {
        if (!Subjects.MODEL.equals(event.subjectKind()) || !Boolean.TRUE.equals(event.passed()) || event.metrics() == null
                || event.caseCount() == null || event.caseCount() == 0) {
            return;
        }
        Double accuracy = event.metrics().get("accuracy") != null ? event.metrics().get("accuracy") : event.metrics().get("equals");
        if (accuracy == null || !(accuracy >= 0 && accuracy <= 1)) {
            return;
        }
        long cases = event.caseCount() - (event.failedCases() == null ? 0 : event.failedCases());
        if (cases <= 0) {
            return;
        }
        mongo.getCollection(COLLECTION).replaceOne(new Document("_id", event.subjectName() + "/" + event.subjectVersion()),
                new Document("accuracy", accuracy).append("cases", cases).append("runId", event.runId()),
                new com.mongodb.client.model.ReplaceOptions().upsert(true));
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(COLLECTION);
    }

    public Optional<Reference> find(String model, int version) {
        Document d = mongo.getCollection(COLLECTION).find(new Document("_id", model + "/" + version)).first();
        return d == null ? Optional.empty()
                : Optional.of(new Reference(d.getDouble("accuracy"), ((Number) d.get("cases")).longValue(), d.getString("runId")));
    }
}
