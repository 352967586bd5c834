package io.modelledger.eval.run.query;

import io.modelledger.eval.pending.api.FindEvaluationStatus;
import io.modelledger.eval.pending.api.PendingEvaluationView;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What eval-service knows of the subjects it evaluates: prompt versions (to render) and model versions. */
@Component
public class KnownSubjects {

    /** A prompt version as the registry registered it. */
    public record PromptVersion(String promptName, int version, String template, List<String> variables,
                                String targetModel, Map<String, Object> parameters) {
    }

    private final MongoTemplate mongo;
    private final QueryGateway queries;

    public KnownSubjects(MongoTemplate mongo, QueryGateway queries) {
        this.mongo = mongo;
        this.queries = queries;
    }

    public Optional<PromptVersion> prompt(String name, int version) {
        return Optional.ofNullable(mongo.findById(name + "/" + version, PromptVersions.PromptVersionDocument.class))
                       .map(d -> new PromptVersion(d.promptName(), d.version(), d.template(), d.variables(), d.targetModel(),
                                                   d.parameters()));
    }

    public boolean modelVersionKnown(String name, int version) {
        return queries.query(new FindEvaluationStatus(name, version), ResponseTypes.optionalInstanceOf(PendingEvaluationView.class))
                      .join().isPresent();
    }

    public Optional<SubjectRuns> lastRuns(String kind, String name, int version) {
        return Optional.ofNullable(mongo.findById(SubjectRuns.id(kind, name, version), SubjectRuns.class));
    }
}
