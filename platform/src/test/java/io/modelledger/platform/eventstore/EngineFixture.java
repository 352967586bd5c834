package io.modelledger.platform.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.axon.AxonJackson;
import io.modelledger.platform.test.TestMongo;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.StreamableMessageSource;
import org.axonframework.serialization.Serializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * One engine on a fresh database of the run's MongoDB, with an event store and real tracking
 * processors whose tokens live in axon-mongo's token store.
 */
final class EngineFixture implements AutoCloseable {

    static final Serializer SERIALIZER = AxonJackson.serializer();

    final MongoClient client;
    final MongoDatabase database;
    final MongoEventStorageEngine engine;
    final EmbeddedEventStore eventStore;
    final TokenStore tokenStore;
    private final List<TrackingEventProcessor> processors = new ArrayList<>();

    EngineFixture(UnaryOperator<MongoEventStorageEngine.Builder> customizer) {
        this(customizer, MongoEventStorageEngine.Builder::build);
    }

    EngineFixture(UnaryOperator<MongoEventStorageEngine.Builder> customizer,
                  java.util.function.Function<MongoEventStorageEngine.Builder, MongoEventStorageEngine> factory) {
        String name = "engine-" + UUID.randomUUID().toString().substring(0, 8);
        client = MongoClients.create(TestMongo.uri(name));
        database = client.getDatabase(name);
        engine = factory.apply(customizer.apply(MongoEventStorageEngine.builder()
                                                                        .database(database)
                                                                        .eventSerializer(SERIALIZER)
                                                                        .snapshotSerializer(SERIALIZER)
                                                                        .batchSize(50)));
        eventStore = EmbeddedEventStore.builder().storageEngine(engine).fetchDelay(50).cleanupDelay(1000).build();
        tokenStore = MongoTokenStore.builder()
                                    .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(database).build())
                                    .serializer(SERIALIZER)
                                    .claimTimeout(Duration.ofSeconds(5))
                                    .nodeId("test-node")
                                    .build();
    }

    static DomainEventMessage<TestEvent> event(String aggregateId, long sequence, String writer) {
        return new GenericDomainEventMessage<>("TestAggregate", aggregateId, sequence,
                                               new TestEvent(aggregateId, sequence, writer),
                                               MetaData.with(MetadataKeys.ACTOR, "user:" + writer));
    }

    TrackingEventProcessor processor(String name, Object handler) {
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name(name)
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(handler).build())
                .messageSource(eventStore)
                .tokenStore(tokenStore)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                                                                         .andBatchSize(20)
                                                                                         .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                                                                                         .andEventAvailabilityTimeout(100, java.util.concurrent.TimeUnit.MILLISECONDS))
                .build();
        processors.add(processor);
        return processor;
    }

    @Override
    public void close() {
        processors.forEach(TrackingEventProcessor::shutDown);
        eventStore.shutDown();
        database.drop();
        client.close();
    }
}
