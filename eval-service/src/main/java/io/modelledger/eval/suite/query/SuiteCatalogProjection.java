package io.modelledger.eval.suite.query;

import io.modelledger.contracts.eval.SuiteVersionPublished;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.eval.suite.api.SuiteVersionView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MetaDataValue;
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

    private final SuiteCatalogStore catalog;

    SuiteCatalogProjection(SuiteCatalogStore catalog) {
        this.catalog = catalog;
    }

    @EventHandler
    void on(SuiteVersionPublished event, @Timestamp Instant at, @MetaDataValue(MetadataKeys.ACTOR) String actor) {
        catalog.save(new SuiteVersionView(event.suiteName() + "/" + event.version(), event.suiteName(), event.version(),
                                          event.sha256(), event.caseCount(), event.metrics(), event.description(), at, actor));
    }

    @ResetHandler
    void reset() {
        catalog.clear();
    }
}
