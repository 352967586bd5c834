package io.modelledger.platform.eventstore;

import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.modelledger.platform.eventstore.EngineFixture.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances of one processor share its work through segments claimed in the token store: every event
 * is handled once across both, and when one instance stops the other takes over its segment within the
 * claim timeout, losing and repeating nothing.
 */
class ScaleOutIT {

    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(3);
    private final List<TrackingEventProcessor> processors = new ArrayList<>();
    private EngineFixture fixture;

    /** One instance's handler, counting into maps shared by both instances: how often, and by whom. */
    record Counter(String instance, Map<String, AtomicInteger> handled, Map<String, String> by) {

        @EventHandler
        void on(TestEvent event) {
            String id = event.aggregateId() + ":" + event.sequence();
            handled.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
            by.put(id, instance);
        }
    }

    @AfterEach
    void stop() {
        processors.forEach(TrackingEventProcessor::shutDown);
        if (fixture != null) {
            fixture.close();
        }
    }

    private TrackingEventProcessor instance(String node, Counter counter, int threads) {
        TokenStore tokens = MongoTokenStore.builder()
                                           .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(fixture.database).build())
                                           .serializer(EngineFixture.SERIALIZER)
                                           .claimTimeout(CLAIM_TIMEOUT)
                                           .nodeId(node)
                                           .build();
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name("scaled")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(counter).build())
                .messageSource(fixture.eventStore)
                .tokenStore(tokens)
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forParallelProcessing(threads)
                        .andInitialSegmentsCount(2)
                        .andBatchSize(20)
                        .andInitialTrackingToken(StreamableMessageSource::createTailToken)
                        .andTokenClaimInterval(200, TimeUnit.MILLISECONDS)
                        .andEventAvailabilityTimeout(100, TimeUnit.MILLISECONDS))
                .build();
        processors.add(processor);
        return processor;
    }

    @Test
    void twoInstancesHandleEveryEventOnceAndTheSurvivorTakesOverTheOthersSegment() {
        fixture = new EngineFixture(b -> b);
        Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
        Map<String, String> by = new ConcurrentHashMap<>();
        // the second instance can work one segment; the first has room for both, as after a scale-down
        TrackingEventProcessor second = instance("instance-b", new Counter("b", handled, by), 1);
        TrackingEventProcessor first = instance("instance-a", new Counter("a", handled, by), 2);
        second.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> second.processingStatus().size() == 1);
        first.start();
        for (int i = 0; i < 200; i++) {
            fixture.engine.appendEvents(event("agg-" + i, 0, "w"));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 200);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.processingStatus().size() == 1 && second.processingStatus().size() == 1);
        assertThat(by.values()).as("both instances did part of the work").contains("a", "b");

        second.shutDown(); // releases its claim; the survivor claims the segment at its next claim attempt
        long stopped = System.nanoTime();
        for (int i = 200; i < 400; i++) {
            fixture.engine.appendEvents(event("agg-" + i, 0, "w"));
        }
        await().atMost(CLAIM_TIMEOUT.plusSeconds(5)).until(() -> first.processingStatus().size() == 2);
        System.out.printf("[scale-out] the survivor held both segments %d ms after the other instance stopped%n",
                          Duration.ofNanos(System.nanoTime() - stopped).toMillis());
        await().atMost(Duration.ofSeconds(20)).until(() -> handled.size() == 400);

        assertThat(handled.values()).as("no event handled twice").allMatch(count -> count.get() == 1);
        assertThat(handled).hasSize(400);
    }
}
