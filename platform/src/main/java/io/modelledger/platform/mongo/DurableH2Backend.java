package io.modelledger.platform.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * H2 MVStore backend whose writes are atomic with respect to each other ({@link EmbeddedCommands}) and that
 * answers a write command only after the write is committed and synced to disk,
 * so an acknowledged write survives {@code kill -9} (and power loss). The plain H2 backend commits in the
 * background and was measured to lose acknowledged writes.
 *
 * <p>Group commit: every write takes a ticket after it has been applied; one thread at a time commits and
 * syncs everything applied so far, and writers whose ticket that sync covered return without syncing
 * themselves, so concurrent writers share one fsync.
 *
 * <p>Unique indexes are keyed by {@link IndexKeyType} instead of H2's generic object type, which compared two
 * keys by Java-serializing both; a store written before is re-indexed once when opened.
 *
 * <p>A document write that asks not to wait for the journal ({@code writeConcern: {j: false}}, as MongoDB
 * defines it) is answered once applied, and reaches disk with the next sync: another write's, or the
 * journal commit this backend makes every {@value #JOURNAL_COMMIT_MILLIS} ms. The services ask so only for
 * what a crash repairs by itself (read models and the tokens of replayable processors, docs/architecture.md).
 * Writes are applied one at a time, the store commits only between two of them (H2's automatic commits are off)
 * and every sync covers all applied before it, so after a crash the store holds a prefix of the writes: an
 * acknowledged synced write keeps every write applied before it.
 */
public class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private final Object writeLock = new Object();
    private final AtomicLong applied = new AtomicLong();
    private final Object syncLock = new Object();
    private long durable; // guarded by syncLock
    private final AtomicLong syncs = new AtomicLong();
    private final AtomicLong unjournaled = new AtomicLong();
    private final ScheduledExecutorService journal;
    private long idleTicks; // journal thread only
    private static final int COMPACT_EVERY_IDLE_TICKS = 600; // a minute of idle journal commits

    static final long JOURNAL_COMMIT_MILLIS = 100;

    private DurableH2Backend(MVStore store) {
        super(store);
        journal = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("embedded-mongo-journal").factory());
        journal.scheduleWithFixedDelay(this::journalCommit, JOURNAL_COMMIT_MILLIS, JOURNAL_COMMIT_MILLIS, TimeUnit.MILLISECONDS);
    }

    public static DurableH2Backend open(java.nio.file.Path file) {
        // a page cache of 64 MB instead of H2's 16: under a write load about a fifth of the H2 time was page reads
        // pages split at 2 KB instead of 16: a commit rewrites every page changed since the last one whole, each of its
        // documents Java-serialized, and a registration changes a page in each of a dozen collections (measured in
        // docs/benchmarks.md). The size applies as pages split, so a store written before needs nothing
        // no automatic commits: H2's background writer and its commit once enough is unsaved both run in the middle of a
        // command, and a crash after such a commit keeps half of it (a document without its _id index entry)
        MVStore store = new MVStore.Builder().fileName(file.toString()).cacheSize(64).pageSplitSize(2 * 1024)
                                             .autoCommitDisabled().autoCommitBufferSize(0).open();
        reindexWithIndexKeyType(store);
        return new DurableH2Backend(store);
    }

    /** The map that says in which format this store's unique indexes are kept (no dot: no database's maps' prefix). */
    static final String FORMAT_MAP = "modelledger-format";
    static final String INDEX_KEYS = "indexKeys";
    /** Unique indexes keyed by {@link IndexKeyType}; none was H2's generic object type. */
    static final int INDEX_KEY_FORMAT = 2;
    private static final String INDEX_INFIX = "._index_";
    private static final String REINDEXED = "reindexed:";
    private static final String REINDEXING = ".reindexing";

    private static MVMap.Builder<KeyValue, Object> indexMap() {
        return new MVMap.Builder<KeyValue, Object>().keyType(IndexKeyType.INSTANCE);
    }

    /**
     * Rewrites once the unique indexes of a store written before {@link IndexKeyType}: their pages are ordered by
     * the generic type's order, which binary searches with the new type cannot follow. An index is derived data
     * (document positions by key), so nothing else changes. One index at a time: its keys are copied into a new map,
     * the old map is removed, the new one takes its name, the index is marked done, and only then the store commits.
     * A crash before that commit leaves the old index as it was (the store commits nothing on its own); the next start
     * re-indexes what is not marked. Then the store is marked.
     */
    static void reindexWithIndexKeyType(MVStore store) {
        MVMap<String, Object> format = store.openMap(FORMAT_MAP);
        if (Integer.valueOf(INDEX_KEY_FORMAT).equals(format.get(INDEX_KEYS))) {
            return;
        }
        int indexes = 0;
        long keys = 0;
        for (String name : List.copyOf(store.getMapNames())) {
            if (!name.contains(INDEX_INFIX) || name.endsWith(REINDEXING) || format.containsKey(REINDEXED + name)) {
                continue;
            }
            MVMap<Object, Object> generic = store.openMap(name);
            MVMap<KeyValue, Object> keyed = store.openMap(name + REINDEXING, indexMap());
            keyed.clear();
            for (Map.Entry<Object, Object> entry : generic.entrySet()) {
                if (keyed.putIfAbsent((KeyValue) entry.getKey(), entry.getValue()) != null) {
                    throw new IllegalStateException("Index " + name + " holds two keys that are one under the index key type: " + entry.getKey());
                }
                keys++;
            }
            store.removeMap(generic);
            store.renameMap(keyed, name);
            format.put(REINDEXED + name, Boolean.TRUE);
            store.commit();
            indexes++;
        }
        format.put(INDEX_KEYS, INDEX_KEY_FORMAT);
        store.commit();
        store.sync();
        if (indexes > 0) {
            log.info("Re-indexed {} unique indexes ({} keys) of {} with the index key type", indexes, keys, store.getFileStore().getFileName());
        }
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new KeyedDatabase(databaseName, getMvStore(), getCursorRegistry());
    }

    /**
     * mongo-java-server's H2 database with its unique indexes keyed by {@link IndexKeyType}. An inner class: its
     * constructor opens the indexes before it returns, and the compiler sets the outer instance before that.
     */
    private final class KeyedDatabase extends H2Database {

        KeyedDatabase(String name, MVStore store, CursorRegistry cursors) {
            super(name, store, cursors);
        }

        /** mongo-java-server's H2 collection (its maps, as it names them) without the running data size. */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String name = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> data = getMvStore().openMap(DATA_MAP_PREFIX + name);
            MVMap<String, Object> meta = getMvStore().openMap(META_MAP_PREFIX + name);
            return new UnsizedCollection(this, collectionName, options, data, meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            MVMap<KeyValue, Object> map = getMvStore().openMap(getFullCollectionNamespace(collectionName) + INDEX_INFIX + indexName, indexMap());
            return new KeyedUniqueIndex(map, indexName, keys, sparse);
        }
    }

    /** The names mongo-java-server's H2 database gives a collection's documents and its metadata. */
    static final String DATA_MAP_PREFIX = "databases.";
    static final String META_MAP_PREFIX = "meta.";

    /**
     * A collection that does not keep its data size up to date on every write. mongo-java-server does so by encoding
     * the whole document to BSON, twice per update (before and after), and writing the total into the collection's
     * metadata map: under the registry's write load that was a third of the embedded server's time, most of it on the
     * audit trail's posting lists, documents of up to thousands of positions that each event extends. Only
     * {@code collStats}, {@code dbStats} and {@code validate} read the size; it is counted when asked (every document
     * encoded: a scan of the collection). The size the metadata map held stays as it was.
     */
    private static final class UnsizedCollection extends H2Collection {

        private final boolean opened; // false while H2Collection's constructor runs, which logs the size it stored

        UnsizedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> data,
                          MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, name, options, data, meta, cursors);
            opened = true;
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }

        @Override
        protected int getDataSize() {
            if (!opened) {
                return super.getDataSize();
            }
            long size = 0;
            ByteBuf buffer = Unpooled.buffer();
            try {
                for (var stored : (Iterable<de.bwaldvogel.mongo.backend.DocumentWithPosition<Object>>) streamAllDocumentsWithPosition()::iterator) {
                    buffer.clear();
                    BsonEncoder.encodeDocument(stored.getDocument(), buffer);
                    size += buffer.readableBytes();
                }
            } finally {
                buffer.release();
            }
            return (int) Math.min(Integer.MAX_VALUE, size);
        }
    }

    @Override
    public Document handleCommand(Channel channel, String database, String requested, Document query) {
        String command = EmbeddedCommands.known(requested);
        if (!EmbeddedCommands.isWrite(command)) {
            return super.handleCommand(channel, database, command, query);
        }
        long ticket;
        Document response;
        synchronized (writeLock) { // one write at a time (atomicity); the sync below is shared
            try {
                response = super.handleCommand(channel, database, command, query).cloneDeeply();
            } finally {
                ticket = applied.incrementAndGet();
            }
        }
        if (journalWaived(command, query)) {
            unjournaled.incrementAndGet();
        } else {
            makeDurable(ticket);
        }
        return response;
    }

    /** A document write whose client asked for {@code j: false}; schema changes (drops, indexes) are always synced. */
    private static boolean journalWaived(String command, Document query) {
        return EmbeddedCommands.isDocumentWrite(command)
                && query.get("writeConcern") instanceof Document concern && Boolean.FALSE.equals(concern.get("j"));
    }

    private void journalCommit() {
        try {
            if (getMvStore().isClosed()) {
                return;
            }
            long upTo = applied.get();
            synchronized (syncLock) {
                if (durable >= upTo) {
                    compactNowAndThen();
                    return;
                }
            }
            makeDurable(upTo);
        } catch (Throwable e) { // an escaping throwable would cancel the schedule: deferred writes would wait for a synced one
            if (!getMvStore().isClosed()) {
                log.warn("The embedded store's journal commit failed; the next synced write will report it to its client", e);
            }
        }
    }

    /**
     * H2's own background writer is off (it would commit in the middle of a command), so the housekeeping it did is
     * ours: while idle, now and then, rewrite chunks that are mostly dead (H2's default target of 90% live), at most
     * 2 MB at a time, between two commands.
     */
    private void compactNowAndThen() {
        if (++idleTicks % COMPACT_EVERY_IDLE_TICKS == 0) {
            compact();
        }
    }

    void compact() {
        MVStore store = getMvStore();
        synchronized (writeLock) {
            store.compact(90, 2 * 1024 * 1024);
            store.commit();
        }
    }

    @Override
    public void close() {
        journal.shutdown(); // no interrupt: an interrupted thread in a file write closes the store's channel
        try {
            journal.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        super.close(); // commits what is left
    }

    private void makeDurable(long ticket) {
        synchronized (syncLock) {
            if (durable >= ticket) {
                return; // a sync that started after this write was applied has covered it
            }
            long upTo;
            MVStore store = getMvStore();
            synchronized (writeLock) { // between two commands: the store never holds half of one
                upTo = applied.get();
                store.commit();
            }
            store.sync();
            durable = upTo;
            syncs.incrementAndGet();
        }
    }

    /** Number of commit+sync rounds so far (each may have covered many writes). */
    public long syncCount() {
        return syncs.get();
    }

    /** Number of writes answered before their sync ({@code j: false}). */
    public long unjournaledCount() {
        return unjournaled.get();
    }
}
