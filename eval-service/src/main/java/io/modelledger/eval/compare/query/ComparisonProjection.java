package io.modelledger.eval.compare.query;

import io.modelledger.contracts.eval.ComparisonCompleted;
import io.modelledger.eval.compare.api.FindComparison;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** Recorded comparisons, by id, from {@link ComparisonCompleted}; idempotent, and emptied before a replay. */
@Component
@ProcessingGroup(io.modelledger.eval.compare.api.FindComparison.READ_MODEL)
class ComparisonProjection {

    private final MongoTemplate mongo;

    ComparisonProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("eval_comparisons")
    record ComparisonDocument(@Id String id, ComparisonCompleted result) {
    }

    @EventHandler
    void on(ComparisonCompleted event) {
        mongo.save(new ComparisonDocument(event.comparisonId(), event));
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(ComparisonDocument.class);
    }

    @QueryHandler
    Optional<ComparisonCompleted> handle(FindComparison query) {
        return Optional.ofNullable(mongo.findById(query.comparisonId(), ComparisonDocument.class)).map(ComparisonDocument::result);
    }
}
