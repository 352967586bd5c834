package io.modelledger.eval.suite.query;

import io.modelledger.contracts.eval.MetricSpec;
import org.springframework.data.annotation.Id;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Reads the suite catalog that {@link SuiteCatalogProjection} keeps. */
@Component
public class SuiteCatalog {

    private final MongoTemplate mongo;

    public SuiteCatalog(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    @Document("eval_suite_versions")
    public record SuiteVersionView(@Id String id, String suiteName, int version, String sha256, int caseCount,
                                   List<MetricSpec> metrics, String description, Instant publishedAt, String publishedBy) {
    }

    @Document("eval_suites")
    public record SuiteView(@Id String suiteName, int latestVersion, String latestSha256, String description, Instant updatedAt) {
    }

    public Optional<SuiteVersionView> version(String suiteName, int version) {
        return Optional.ofNullable(mongo.findById(suiteName + "/" + version, SuiteVersionView.class));
    }

    public Optional<SuiteView> suite(String suiteName) {
        return Optional.ofNullable(mongo.findById(suiteName, SuiteView.class));
    }

    public Optional<SuiteVersionView> latest(String suiteName) {
        return suite(suiteName).flatMap(s -> version(suiteName, s.latestVersion()));
    }

    public List<SuiteView> suites(int limit) {
        return mongo.find(new Query().with(Sort.by("_id")).limit(limit), SuiteView.class);
    }
}
