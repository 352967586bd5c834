package io.modelledger.monitor.canary.query;

import io.modelledger.contracts.monitor.CanaryAnalysisCompleted;
import io.modelledger.monitor.canary.api.CanaryReport;
import io.modelledger.monitor.canary.api.FindCanaryAnalyses;
import io.modelledger.platform.mongo.Upserts;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.convert.MongoConverter;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The canary analyses of each deployment, from {@link CanaryAnalysisCompleted}: one document per model and environment
 * holding its last {@value #KEPT} analyses, oldest first (the event store keeps them all). An event delivered twice is
 * kept once: the update matches only while the document does not list its id.
 */
@Component
@ProcessingGroup(CanaryAnalysisProjection.GROUP)
class CanaryAnalysisProjection {

    static final String GROUP = "monitor-canary-analyses";
    static final String COLLECTION = "monitor_canary_analyses";
    static final int KEPT = 200;

    private final MongoTemplate mongo;

    CanaryAnalysisProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(CanaryAnalysisCompleted event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        MongoConverter converter = mongo.getConverter();
        Document analysis = new Document();
        converter.write(event, analysis);
        analysis.remove("_class");
        Document item = new Document("eventId", eventId).append("at", Date.from(at)).append("analysis", analysis);
        Document push = new Document("$push", new Document("items", new Document("$each", List.of(item)).append("$slice", -KEPT)));
        Upserts.once(mongo.getCollection(COLLECTION), event.modelName() + "|" + event.environment(), "items", "eventId", eventId, push);
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(COLLECTION);
    }

    @QueryHandler
    CanaryReport handle(FindCanaryAnalyses query) {
        Document stored = mongo.getCollection(COLLECTION).find(new Document("_id", query.modelName() + "|" + query.environment())).first();
        List<CanaryReport.Analysis> newestFirst = new ArrayList<>();
        if (stored != null) {
            List<Document> items = stored.getList("items", Document.class);
            for (int i = items.size() - 1; i >= 0 && newestFirst.size() < query.limit(); i--) {
                Document item = items.get(i);
                newestFirst.add(new CanaryReport.Analysis(item.getString("eventId"), item.getDate("at").toInstant(),
                        mongo.getConverter().read(CanaryAnalysisCompleted.class, item.get("analysis", Document.class))));
            }
        }
        return new CanaryReport(query.modelName(), query.environment(), newestFirst.isEmpty() ? null : newestFirst.get(0),
                                newestFirst.size() <= 1 ? List.of() : List.copyOf(newestFirst.subList(1, newestFirst.size())));
    }
}
