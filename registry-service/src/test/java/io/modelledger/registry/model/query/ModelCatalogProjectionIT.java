package io.modelledger.registry.model.query;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.projection.ProjectionFailures;
import io.modelledger.platform.test.MongoTestInitializer;
import io.modelledger.registry.model.api.FindModel;
import io.modelledger.registry.model.api.ModelView;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.model.api.RegisterModel;
import io.modelledger.registry.model.api.RegisterModelVersion;
import io.modelledger.registry.model.api.DeprecateVersion;
import io.modelledger.registry.model.api.RequestPromotion;
import io.modelledger.registry.model.api.DefinePromotionPolicy;
import io.modelledger.registry.governance.AliasGovernance;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import com.mongodb.client.model.IndexOptions;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.context.ContextConfiguration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * registry-service on a real MongoDB wire server: commands through the command bus, events through the
 * event store, the catalog projection through a real tracking processor, and a replay that rebuilds the
 * catalog to exactly the same documents.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE,
                properties = {"spring.config.name=registry-service", "modelledger.audit.generate-key-in=target/audit-keys"})
@ContextConfiguration(initializers = MongoTestInitializer.class)
class ModelCatalogProjectionIT {

    @Autowired
    CommandGateway commands;
    @Autowired
    QueryGateway queries;
    @Autowired
    EventProcessingConfiguration processing;
    @Autowired
    MongoTemplate mongo;
    @Autowired
    EventStore events;
    @Autowired
    ProjectionFailures failures;

    /** The model whose second version the catalog cannot store until an admin evicts its event. */
    private static final String HELD = "held";

    @Test
    void aReplayRebuildsTheSameCatalog() {
        for (String name : List.of("alpha", "beta", "gamma")) {
            send(new RegisterModel(new ModelId(name), "model " + name, Map.of("team", "t-" + name)));
            for (int v = 0; v < 4; v++) {
                send(new RegisterModelVersion(new ModelId(name), "s3://m/" + name + "/" + v, "c".repeat(64), "onnx", Map.of()));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> latestVersion("gamma") == 4);
        List<Document> models = replayable(ModelCatalogProjection.MODELS);
        List<Document> versions = replayable(ModelCatalogProjection.VERSIONS);
        // the other tests' models may be there too: all replay alike but the one with an evicted event
        assertThat(models).filteredOn(d -> List.of("alpha", "beta", "gamma").contains(d.getString("_id"))).hasSize(3)
                          .allSatisfy(d -> assertThat(d.getString("registeredBy")).isEqualTo("user:catalog-test"));
        assertThat(versions).filteredOn(d -> List.of("alpha", "beta", "gamma").contains(d.getString("modelName"))).hasSize(12);

        TrackingEventProcessor processor = processing.eventProcessor(ModelCatalogProjection.GROUP, TrackingEventProcessor.class)
                                                     .orElseThrow();
        processor.shutDown();
        processor.resetTokens();
        assertThat(all(ModelCatalogProjection.MODELS)).as("the reset handler cleared the read model").isEmpty();
        processor.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> replayable(ModelCatalogProjection.VERSIONS).size() == versions.size()
                                                             && !processor.isReplaying());
        assertThat(replayable(ModelCatalogProjection.MODELS)).isEqualTo(models);
        assertThat(replayable(ModelCatalogProjection.VERSIONS)).isEqualTo(versions);
    }

    @Test
    void aModelsRevisionIsItsAggregatesVersionAfterEventsTheCatalogDoesNotShow() {
        ModelId id = new ModelId("revised");
        Instant now = Instant.now(); // the promotion must not expire while the test runs: its deadline is real
        List<Runnable> commands = List.of(
                () -> send(new RegisterModel(id, "revised", Map.of())),
                () -> send(new RegisterModelVersion(id, "s3://m/revised/1", "d".repeat(64), "onnx", Map.of())),
                () -> send(new RegisterModelVersion(id, "s3://m/revised/2", "d".repeat(64), "onnx", Map.of())),
                () -> send(new DeprecateVersion(id, 1, "superseded")),
                () -> send(new DefinePromotionPolicy(id, "change-1", "shadow", new AliasGovernance.PolicyTerms(List.of(), 1, true,
                        false, Duration.ofDays(3650)), now, Duration.ofDays(3650))),
                // waits for an approval: PromotionRequested, which the catalog does not show
                () -> send(new RequestPromotion(id, "promotion-1", 2, "shadow", AliasGovernance.Evidence.none(), now)));
        for (Runnable command : commands) {
            command.run();
            long head = events.lastSequenceNumberFor(id.toString()).orElseThrow();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(revision("revised"))
                    .as("the revision after each command is the model aggregate's version in the store").isEqualTo(head));
        }
        assertThat(events.lastSequenceNumberFor(id.toString())).contains(5L);
        assertThat(queries.query(new FindModel("revised"), ResponseTypes.optionalInstanceOf(ModelView.class)).join().orElseThrow()
                          .aliases()).doesNotContainKey("shadow");
    }

    @Test
    void aCatalogWriteTheStoreRefusesHoldsTheCatalogAtItsEventUntilAnAdminEvictsIt() {
        // a unique index the catalog does not expect: the store refuses a second version document with the same artifact
        var versionDocuments = mongo.getCollection(ModelCatalogProjection.VERSIONS);
        versionDocuments.createIndex(new Document("artifactUri", 1), new IndexOptions().unique(true).name("test-one-per-artifact"));
        try {
            ModelId id = new ModelId(HELD);
            send(new RegisterModel(id, HELD, Map.of()));
            send(new RegisterModelVersion(id, "s3://m/held/same", "a".repeat(64), "onnx", Map.of()));
            send(new RegisterModelVersion(id, "s3://m/held/same", "b".repeat(64), "onnx", Map.of()));
            send(new RegisterModelVersion(id, "s3://m/held/other", "c".repeat(64), "onnx", Map.of()));
            String refused = events.readEvents(id.toString()).asStream().filter(e -> e.getSequenceNumber() == 2).findFirst()
                                   .orElseThrow().getIdentifier();

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(failures.failure(ModelCatalogProjection.GROUP))
                    .as("held at the event whose write the store refused, though the batch wrote all at once")
                    .hasValueSatisfying(f -> {
                        assertThat(f.eventId()).isEqualTo(refused);
                        assertThat(f.eventType()).isEqualTo("ModelVersionRegistered");
                        assertThat(f.error()).contains("duplicate key");
                    }));
            assertThat(versionDocuments.find(new Document("_id", HELD + "/2")).first()).as("the refused write is not there").isNull();

            failures.evict(ModelCatalogProjection.GROUP, refused);
            await().atMost(Duration.ofSeconds(30)).until(() -> latestVersion(HELD) == 3
                    && versionDocuments.countDocuments(new Document("modelName", HELD)) == 2);
            assertThat(versionDocuments.find(new Document("modelName", HELD)).map(d -> d.getInteger("version")).into(new java.util.ArrayList<>()))
                    .as("the evicted event's writes were dropped, the rest of its batch written").containsExactlyInAnyOrder(1, 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> failures.failure(ModelCatalogProjection.GROUP).isEmpty());
        } finally {
            versionDocuments.dropIndex("test-one-per-artifact");
        }
    }

    private long revision(String name) {
        return queries.query(new FindModel(name), ResponseTypes.optionalInstanceOf(ModelView.class))
                      .join().map(ModelView::revision).orElse(-1L);
    }

    private void send(Object command) {
        commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                                                  .andMetaData(Map.of(MetadataKeys.ACTOR, "user:catalog-test",
                                                                      MetadataKeys.ACTOR_ROLES, "contributor admin")));
    }

    private int latestVersion(String name) {
        return queries.query(new FindModel(name), ResponseTypes.optionalInstanceOf(ModelView.class))
                      .join().map(ModelView::latestVersion).orElse(0);
    }

    /** The documents a replay rebuilds alike: all but the model whose event an admin evicted (a replay applies it). */
    private List<Document> replayable(String collection) {
        return all(collection).stream().filter(d -> !d.getString("_id").equals(HELD) && !d.getString("_id").startsWith(HELD + "/"))
                              .toList();
    }

    private List<Document> all(String collection) {
        return mongo.getCollection(collection).find().sort(new Document("_id", 1)).into(new java.util.ArrayList<>());
    }
}
