package io.modelledger.eval.suite.query;

import io.modelledger.contracts.eval.SuiteVersionPublished;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.eval.suite.query.SuiteCatalog.SuiteVersionView;
import io.modelledger.eval.suite.query.SuiteCatalog.SuiteView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The suite catalog read model: suites and their versions, from {@link SuiteVersionPublished}. Keyed by
 * name and name/version, so handling an event twice changes nothing; one segment keeps versions in order.
 */
@Component
@ProcessingGroup(SuiteCatalogProjection.GROUP)
class SuiteCatalogProjection {

    static final String GROUP = "eval-suites";

    private final MongoTemplate mongo;

    SuiteCatalogProjection(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @EventHandler
    void on(SuiteVersionPublished event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        mongo.save(new SuiteVersionView(event.suiteName() + "/" + event.version(), event.suiteName(), event.version(),
                                        event.sha256(), event.caseCount(), event.metrics(), event.description(), at, actor));
        SuiteView current = mongo.findById(event.suiteName(), SuiteView.class);
        if (current == null || current.latestVersion() < event.version()) {
            mongo.save(new SuiteView(event.suiteName(), event.version(), event.sha256(), event.description(), at));
        }
    }

    @ResetHandler
    void reset() {
        mongo.dropCollection(SuiteVersionView.class);
        mongo.dropCollection(SuiteView.class);
    }
}
