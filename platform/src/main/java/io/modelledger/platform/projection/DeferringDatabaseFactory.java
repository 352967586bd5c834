package io.modelledger.platform.projection;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoDatabase;
import org.bson.codecs.configuration.CodecRegistry;
import org.springframework.dao.support.PersistenceExceptionTranslator;
import org.springframework.data.mongodb.MongoDatabaseFactory;

/**
 * The services' database factory, which hands a deferred processor's unit of work a database that writes
 * without waiting for the journal ({@link ReadModelDurability}). Read models reach their collections through
 * {@code MongoTemplate}, which asks the factory for the database on every operation; a collection looked up
 * once and kept (the event store, idempotency records, the audit chain) keeps the synced default.
 */
public final class DeferringDatabaseFactory implements MongoDatabaseFactory {

    private final MongoDatabaseFactory delegate;

    public DeferringDatabaseFactory(MongoDatabaseFactory delegate) {
        this.delegate = delegate;
    }

    @Override
    public MongoDatabase getMongoDatabase() {
        return ReadModelDurability.forCurrentWork(delegate.getMongoDatabase());
    }

    @Override
    public MongoDatabase getMongoDatabase(String dbName) {
        return ReadModelDurability.forCurrentWork(delegate.getMongoDatabase(dbName));
    }

    @Override
    public PersistenceExceptionTranslator getExceptionTranslator() {
        return delegate.getExceptionTranslator();
    }

    @Override
    public CodecRegistry getCodecRegistry() {
        return delegate.getCodecRegistry();
    }

    @Override
    public ClientSession getSession(ClientSessionOptions options) {
        return delegate.getSession(options);
    }

    @Override
    public MongoDatabaseFactory withSession(ClientSession session) {
        return new DeferringDatabaseFactory(delegate.withSession(session));
    }

    @Override
    public boolean isTransactionActive() {
        return delegate.isTransactionActive();
    }
}
