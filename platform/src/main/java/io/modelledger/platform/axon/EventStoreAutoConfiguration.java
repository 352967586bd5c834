package io.modelledger.platform.axon;

import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.eventstore.EventStoreProperties;
import io.modelledger.platform.eventstore.MongoEventStorageEngine;
import io.modelledger.platform.eventstore.StoredEventReader;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.config.ConfigurationScopeAwareProvider;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.SimpleDeadlineManager;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.MongoTemplate;
import org.axonframework.extensions.mongo.eventhandling.saga.repository.MongoSagaStore;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.data.mongodb.MongoDatabaseFactory;

import java.util.concurrent.TimeUnit;

/**
 * Axon on MongoDB without Axon Server: our global-sequence event storage engine, axon-mongo's token and
 * saga stores, one Jackson serializer for everything, and the governance metadata carried from commands
 * to the events they cause.
 */
@AutoConfiguration(before = AxonAutoConfiguration.class)
@ConditionalOnClass(EventStorageEngine.class)
@EnableConfigurationProperties(EventStoreProperties.class)
public class EventStoreAutoConfiguration {

    @Bean
    @Primary
    public Serializer serializer() {
        return AxonJackson.serializer();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer() {
        return AxonJackson.serializer();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer() {
        return AxonJackson.serializer();
    }

    @Bean
    public MongoEventStorageEngine eventStorageEngine(MongoDatabaseFactory mongo,
                                                      Serializer serializer,
                                                      @Qualifier("eventSerializer") Serializer eventSerializer,
                                                      org.axonframework.config.Configuration configuration,
                                                      EventStoreProperties properties, java.time.Clock clock) {
        return MongoEventStorageEngine.builder()
                                      .clock(clock)
                                      .database(mongo.getMongoDatabase())
                                      .snapshotSerializer(serializer)
                                      .eventSerializer(eventSerializer)
                                      .upcasterChain(configuration.upcasterChain())
                                      .gapTimeout(properties.gapTimeout())
                                      .maxGapOffset(properties.maxGapOffset())
                                      .batchSize(properties.batchSize())
                                      .build();
    }

    /** The stored events as written, for the audit chain: the only way code outside the engine reads its layout. */
    @Bean
    public StoredEventReader storedEventReader(MongoEventStorageEngine engine) {
        return engine.reader();
    }

    @Bean
    public EmbeddedEventStore eventStore(EventStorageEngine storageEngine,
                                         org.axonframework.config.Configuration configuration,
                                         EventStoreProperties properties) {
        return EmbeddedEventStore.builder()
                                 .storageEngine(storageEngine)
                                 .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                                 .fetchDelay(properties.fetchDelay().toMillis())
                                 .cleanupDelay(10_000)
                                 .timeUnit(TimeUnit.MILLISECONDS)
                                 .build();
    }

    /**
     * Deadlines (e.g. a promotion request's expiry) held in memory: they do not survive a restart, so
     * whatever schedules one must also re-check overdue work when it starts.
     */
    @Bean
    @ConditionalOnMissingBean(DeadlineManager.class)
    public DeadlineManager deadlineManager(org.axonframework.config.Configuration configuration) {
        return SimpleDeadlineManager.builder()
                                    .scopeAwareProvider(new ConfigurationScopeAwareProvider(configuration))
                                    .build();
    }

    @Bean
    public MongoTemplate axonMongoTemplate(MongoDatabaseFactory mongo) {
        return DefaultMongoTemplate.builder()
                                   .mongoDatabase(mongo.getMongoDatabase())
                                   .trackingTokensCollectionName("axon_tokens")
                                   .sagasCollectionName("axon_sagas")
                                   .build();
    }

    /**
     * Tokens in one collection, written by two stores of the same node: a deferred processor's advance without
     * waiting for the journal, everything else synced ({@link io.modelledger.platform.projection.ReadModelDurability}).
     */
    @Bean
    public TokenStore tokenStore(MongoTemplate axonMongoTemplate, MongoDatabaseFactory mongo, Serializer serializer,
                                 EventStoreProperties properties, io.modelledger.platform.projection.ReadModelDurability durability) {
        MongoTemplate unjournaled = DefaultMongoTemplate.builder()
                                                        .mongoDatabase(io.modelledger.platform.projection.ReadModelDurability.unjournaled(
                                                                mongo.getMongoDatabase()))
                                                        .trackingTokensCollectionName("axon_tokens")
                                                        .sagasCollectionName("axon_sagas")
                                                        .build();
        return new io.modelledger.platform.projection.DeferringTokenStore(tokenStore(axonMongoTemplate, serializer, properties),
                                                                          tokenStore(unjournaled, serializer, properties), durability);
    }

    private static TokenStore tokenStore(MongoTemplate template, Serializer serializer, EventStoreProperties properties) {
        MongoTokenStore.Builder builder = MongoTokenStore.builder()
                                                         .mongoTemplate(template)
                                                         .serializer(serializer)
                                                         .claimTimeout(properties.claimTimeout());
        if (!properties.nodeId().isBlank()) {
            builder.nodeId(properties.nodeId());
        }
        return builder.build();
    }

    /** Which processors' writes wait for the journal: {@code modelledger.projections.synced} and every non-replayable one. */
    @Bean
    public io.modelledger.platform.projection.ReadModelDurability readModelDurability(
            org.springframework.beans.factory.ObjectProvider<org.axonframework.config.EventProcessingConfiguration> processing,
            org.springframework.core.env.Environment environment) {
        return new io.modelledger.platform.projection.ReadModelDurability(processing::getObject, java.util.Set.copyOf(
                org.springframework.boot.context.properties.bind.Binder.get(environment)
                        .bind("modelledger.projections.synced", org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                        .orElse(java.util.List.of())));
    }

    /**
     * Crash safety rests on the order in which a tracking processor writes: its handlers' writes, then its token.
     * Axon keeps that order only without a transaction manager (with one, it stores the token before the handlers
     * run, counting on a rollback that MongoDB without transactions does not give), so a service that gains one
     * does not start.
     */
    @Bean
    SmartInitializingSingleton tokensStoredAfterProcessing(org.springframework.beans.factory.ObjectProvider<org.axonframework.common.transaction.TransactionManager> transactions) {
        return () -> transactions.ifAvailable(manager -> {
            if (!(manager instanceof org.axonframework.common.transaction.NoTransactionManager)) {
                throw new IllegalStateException("Axon's transaction manager is " + manager.getClass().getName() + ": tracking processors would store"
                        + " their tokens before their read models' writes (docs/architecture.md, durability classes)");
            }
        });
    }

    /** Read models reach the database through this factory, which knows a deferred processor's unit of work. */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor deferringDatabaseFactory() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof MongoDatabaseFactory factory && !(bean instanceof io.modelledger.platform.projection.DeferringDatabaseFactory)) {
                    return new io.modelledger.platform.projection.DeferringDatabaseFactory(factory);
                }
                return bean;
            }
        };
    }

    @Bean
    public SagaStore<Object> sagaStore(MongoTemplate axonMongoTemplate, Serializer serializer) {
        return MongoSagaStore.builder().mongoTemplate(axonMongoTemplate).serializer(serializer).build();
    }

    @Bean
    public CommandTargetResolver commandTargetResolver() {
        return new IfMatchCommandTargetResolver();
    }

    /** Copies who/why/trace from a command (or a handled event) to every message it causes. */
    @Bean
    public CorrelationDataProvider governanceMetadataProvider() {
        return new SimpleCorrelationDataProvider(MetadataKeys.GOVERNANCE.toArray(String[]::new));
    }

    @Bean
    public CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    @Bean
    public SmartInitializingSingleton requestMetadataOnCommands(CommandBus commandBus) {
        return () -> {
            commandBus.registerDispatchInterceptor(new RequestMetadataDispatchInterceptor());
            commandBus.registerHandlerInterceptor(new RoleCheckInterceptor());
        };
    }

    /** Which processors hold at which events; also the error handler of every processing group (stop and retry). */
    @Bean
    public io.modelledger.platform.projection.ProjectionFailures projectionFailures(MongoDatabaseFactory mongo,
                                                                                 org.springframework.core.env.Environment environment,
                                                                                 java.time.Clock clock) {
        String service = environment.getProperty("spring.application.name", "service").replace('-', '_');
        return new io.modelledger.platform.projection.ProjectionFailures(
                mongo.getMongoDatabase().getCollection(service + "_projection_evictions"), clock);
    }

    /**
     * No processing group skips an event: errors propagate, the processor stops at the event and retries. Each unit of
     * work also learns its processor's durability class, and sends the writes its read model gathered
     * ({@link io.modelledger.platform.projection.BatchedWrites}) after its last event, before the token is stored.
     */
    @Bean
    public org.axonframework.config.ConfigurerModule projectionsNeverSkip(io.modelledger.platform.projection.ProjectionFailures failures,
                                                                       io.modelledger.platform.projection.ReadModelDurability durability) {
        return configurer -> configurer.eventProcessing()
                                       .registerDefaultListenerInvocationErrorHandler(configuration -> failures)
                                       .registerDefaultHandlerInterceptor((configuration, processor) -> failures.clearedOnSuccess(processor))
                                       .registerDefaultHandlerInterceptor((configuration, processor) -> durability.interceptor(processor))
                                       .registerDefaultHandlerInterceptor((configuration, processor) ->
                                               io.modelledger.platform.projection.BatchedWrites.sentAfterTheLastEventOfEachBatch());
    }

    @Bean
    public io.modelledger.platform.projection.ProjectionGate projectionGate(org.axonframework.config.EventProcessingConfiguration processing,
                                                                          EventStore eventStore,
                                                                          io.modelledger.platform.projection.ProjectionFailures failures) {
        return new io.modelledger.platform.projection.ProjectionGate(processing, eventStore, failures);
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication(
            type = org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type.SERVLET)
    public io.modelledger.platform.projection.ProcessorAdminController processorAdminController(
            org.axonframework.config.EventProcessingConfiguration processing, io.modelledger.platform.projection.ProjectionFailures failures,
            org.axonframework.eventhandling.gateway.EventGateway events, io.modelledger.platform.projection.ReadModelDurability durability,
            org.springframework.core.env.Environment environment) {
        return new io.modelledger.platform.projection.ProcessorAdminController(processing, failures, events, durability,
                environment.getProperty("spring.application.name", "service"));
    }

    /** Processor lag per segment as a gauge, and processor state in the readiness health group. */
    @Bean("eventProcessorsHealthIndicator")
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    io.modelledger.platform.observe.ProcessorObservability processorObservability(
            org.axonframework.config.EventProcessingConfiguration processing, org.axonframework.eventsourcing.eventstore.EventStore eventStore,
            org.springframework.beans.factory.ObjectProvider<io.micrometer.core.instrument.MeterRegistry> registry,
            io.modelledger.platform.projection.ProjectionFailures failures, org.springframework.core.env.Environment environment) {
        return new io.modelledger.platform.observe.ProcessorObservability(processing, eventStore,
                registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new), failures,
                java.util.Set.copyOf(org.springframework.boot.context.properties.bind.Binder.get(environment)
                        .bind("modelledger.projections.readiness", org.springframework.boot.context.properties.bind.Bindable.listOf(String.class))
                        .orElse(java.util.List.of())));
    }

    /** Every processor with the event it is held at, if any (not part of readiness unless listed there). */
    @Bean("projectionsHealthIndicator")
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    org.springframework.boot.health.contributor.HealthIndicator projectionsHealth(io.modelledger.platform.observe.ProcessorObservability observability) {
        return observability::projections;
    }
}
