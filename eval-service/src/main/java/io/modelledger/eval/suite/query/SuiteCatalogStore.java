package io.modelledger.eval.suite.query;

import io.modelledger.eval.suite.api.FindSuiteCases;
import io.modelledger.eval.suite.api.FindSuiteVersion;
import io.modelledger.eval.suite.api.ListSuites;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteCasePage;
import io.modelledger.eval.suite.api.SuiteVersionView;
import io.modelledger.eval.suite.api.SuiteView;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the suite catalog that {@link SuiteCatalogProjection} keeps, and answers the suite queries. */
@Component
public class SuiteCatalogStore {

    static final String VERSIONS = "eval_suite_versions";

    private final MongoTemplate mongo;
    private final SuiteStore store;

    public SuiteCatalogStore(MongoTemplate mongo, SuiteStore store) {
        this.mongo = mongo;
        this.store = store;
    }

    /** A suite as stored: keyed by its name. */
    @Document("eval_suites")
    record SuiteDocument(@Id String suiteName, int latestVersion, String latestSha256, String description, Instant updatedAt) {

        SuiteView view() {
            return new SuiteView(suiteName, latestVersion, latestSha256, description, updatedAt);
        }
    }

    public Optional<SuiteVersionView> version(String suiteName, int version) {
        return Optional.ofNullable(mongo.findById(suiteName + "/" + version, SuiteVersionView.class, VERSIONS));
    }

    public Optional<SuiteView> suite(String suiteName) {
        return Optional.ofNullable(mongo.findById(suiteName, SuiteDocument.class)).map(SuiteDocument::view);
    }

    public Optional<SuiteVersionView> latest(String suiteName) {
        return suite(suiteName).flatMap(s -> version(suiteName, s.latestVersion()));
    }

    @QueryHandler
    Optional<SuiteVersionView> handle(FindSuiteVersion query) {
        return query.version() == null ? latest(query.suiteName()) : version(query.suiteName(), query.version());
    }

    @QueryHandler
    List<SuiteView> handle(ListSuites query) {
        return mongo.find(new Query().with(Sort.by("_id")).limit(query.limit()), SuiteDocument.class).stream()
                    .map(SuiteDocument::view).toList();
    }

    @QueryHandler
    Optional<SuiteCasePage> handle(FindSuiteCases query) {
        return version(query.suiteName(), query.version()).map(view -> {
            List<SuiteCase> page = store.page(view.sha256(), query.offset(), query.limit());
            int next = query.offset() + page.size();
            return new SuiteCasePage(page, next < view.caseCount() ? next : null);
        });
    }

    void save(SuiteVersionView version) {
        mongo.save(version, VERSIONS);
        SuiteDocument current = mongo.findById(version.suiteName(), SuiteDocument.class);
        if (current == null || current.latestVersion() < version.version()) {
            mongo.save(new SuiteDocument(version.suiteName(), version.version(), version.sha256(), version.description(),
                                         version.publishedAt()));
        }
    }

    void clear() {
        mongo.dropCollection(VERSIONS);
        mongo.dropCollection(SuiteDocument.class);
    }
}
