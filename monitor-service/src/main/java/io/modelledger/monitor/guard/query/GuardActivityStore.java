package io.modelledger.monitor.guard.query;

import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Filters;
import io.modelledger.monitor.guard.api.FindGuardActivity;
import io.modelledger.monitor.guard.api.FindGuardBlocks;
import io.modelledger.monitor.guard.api.GuardActivity;
import io.modelledger.monitor.guard.api.GuardBlock;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Sort;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the guard decided, as counts and as block records, off the request path: a decision adds to in-memory counters
 * (per subject, environment and 10 seconds: texts checked, each decision, and per check each action it took) and, when it
 * blocked, queues a block record; both are written every {@value #FLUSH_MILLIS} ms ({@code $inc} upserts, so instances
 * add to the same bucket). What a write could not store is kept and written at the next flush; a crash loses what was
 * not written yet (a second's worth while the store answers). Decisions themselves are never stored verbatim, and a
 * block keeps its text only where the model's monitoring policy captures content.
 */
@Component
public class GuardActivityStore {

    static final String BUCKETS = "monitor_guard_buckets";
    static final String BLOCKS = "monitor_guard_blocks";
    static final long FLUSH_MILLIS = 1_000;
    /** Counts are kept per 10 seconds, so a window of any multiple of 10 s gets exactly its own. */
    static final long BUCKET = 10_000L;
    private static final Logger log = LoggerFactory.getLogger(GuardActivityStore.class);

    private final MongoTemplate mongo;
    private final Clock clock;
    /** One bucket's keys and counters, held together so that a flush never sees counters without their keys. */
    private record Bucket(Document keys, long start, Map<String, LongAdder> counters) {
    }

    private final Map<String, Bucket> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Document> blocks = new ConcurrentLinkedQueue<>();
    /** Records queued and the characters of text they keep: bounded, so a slow store cannot fill the heap. */
    private final AtomicLong queuedBlocks = new AtomicLong();
    private final AtomicLong queuedChars = new AtomicLong();
    static final int MAX_QUEUED_BLOCKS = 100_000;
    static final long MAX_QUEUED_CHARS = 50_000_000L;
    /** Every decision counted before this instant has been written (the windows wait for it, as for online scoring). */
    private volatile Instant flushedThrough;

    public GuardActivityStore(MongoTemplate mongo, Clock clock) {
        this.mongo = mongo;
        this.clock = clock;
        this.flushedThrough = clock.instant();
    }

    /** The instant before which every counted decision is in the store. */
    public Instant flushedThrough() {
        return flushedThrough;
    }

    static String bucketId(String subjectKind, String subject, String environment, long bucket) {
        return subjectKind + ":" + subject + "|" + environment + "|" + bucket;
    }

    /** Counts one decision: {@code actions} holds, per check that found something, the actions its findings took. */
    public void count(String subjectKind, String subject, String environment, Instant at, String decision,
                      Map<String, ? extends java.util.Collection<String>> actions) {
        long bucket = Math.floorDiv(at.toEpochMilli(), BUCKET) * BUCKET;
        String id = bucketId(subjectKind, subject, environment, bucket);
        Map<String, LongAdder> counters = pending.computeIfAbsent(id, k -> new Bucket(
                new Document("subjectKind", subjectKind).append("subject", subject).append("environment", environment)
                                                        .append("bucket", new Date(bucket)), bucket, new ConcurrentHashMap<>())).counters();
        counters.computeIfAbsent("checked", k -> new LongAdder()).increment();
        counters.computeIfAbsent("decisions." + decision, k -> new LongAdder()).increment();
        actions.forEach((check, taken) -> taken.forEach(action ->
                counters.computeIfAbsent("checks." + check + "." + action, k -> new LongAdder()).increment()));
    }

    /** Queues the record of a block; refused (and logged) when the store has fallen this far behind. */
    public void block(GuardBlock block, Instant expiresAt) {
        long chars = block.text() == null ? 0 : block.text().length();
        if (queuedBlocks.get() >= MAX_QUEUED_BLOCKS || queuedChars.get() + chars > MAX_QUEUED_CHARS) {
            log.warn("Guard block records are too far behind ({} queued): the record of request {} is dropped (its count is kept)",
                     queuedBlocks.get(), block.requestId());
            return;
        }
        queuedBlocks.incrementAndGet();
        queuedChars.addAndGet(chars);
        List<Document> checks = block.checks().stream().map(c -> new Document("check", c.check()).append("type", c.type())
                                                                                                   .append("score", c.score())).toList();
        Document document = new Document("_id", block.id()).append("at", Date.from(block.at())).append("subjectKind", block.subjectKind())
                .append("subject", block.subject()).append("version", block.version()).append("environment", block.environment())
                .append("stage", block.stage()).append("checks", checks).append("requestId", block.requestId())
                .append("expiresAt", Date.from(expiresAt));
        if (block.text() != null) {
            document.append("text", block.text());
        }
        blocks.add(document);
    }

    /**
     * Writes what was counted and queued since the last flush. A count that races it lands in this write or the next
     * (a {@code LongAdder}'s {@code sumThenReset} loses no increment); a write that fails puts its sums back, so they are
     * written next time, and the windows keep waiting for them.
     */
    @Scheduled(fixedDelay = FLUSH_MILLIS, initialDelay = FLUSH_MILLIS)
    public synchronized void flush() {
        Instant started = clock.instant();
        long stale = Math.floorDiv(clock.millis(), BUCKET) * BUCKET - 12 * BUCKET;
        List<UpdateOneModel<Document>> updates = new ArrayList<>();
        List<Map.Entry<Bucket, Map<String, Long>>> taken = new ArrayList<>(); // in the order of the updates
        for (var entry : pending.entrySet()) {
            Bucket bucket = entry.getValue();
            Document inc = new Document();
            Map<String, Long> sums = new java.util.HashMap<>();
            bucket.counters().forEach((field, adder) -> {
                long n = adder.sumThenReset();
                if (n != 0) {
                    inc.append(field, n);
                    sums.put(field, n);
                }
            });
            if (!inc.isEmpty()) {
                taken.add(Map.entry(bucket, sums));
                updates.add(new UpdateOneModel<>(Filters.eq("_id", entry.getKey()), new Document("$inc", inc).append("$setOnInsert", bucket.keys()),
                                                 new UpdateOptions().upsert(true)));
            } else if (bucket.start() < stale) {
                pending.remove(entry.getKey(), bucket); // two minutes past, written and idle: a late count starts a new holder
            }
        }
        boolean written = writeCounts(updates, taken) & writeBlocks();
        if (written) {
            flushedThrough = started;
        }
    }

    /**
     * The counts, in one ordered bulk write. Where it fails, the sums of the updates that did not land are put back, to be
     * written next time: an ordered bulk write applies the updates before its first error and none after it; a failure
     * with no answer at all (the store unreachable) is taken as none applied.
     */
    private boolean writeCounts(List<UpdateOneModel<Document>> updates, List<Map.Entry<Bucket, Map<String, Long>>> taken) {
        if (updates.isEmpty()) {
            return true;
        }
        int landed = 0;
        try {
            mongo.getCollection(BUCKETS).bulkWrite(updates);
            return true;
        } catch (com.mongodb.MongoBulkWriteException e) {
            landed = e.getWriteErrors().isEmpty() ? 0 : e.getWriteErrors().get(0).getIndex();
            log.warn("Could not write the guard's counts; trying again in {} ms", FLUSH_MILLIS, e);
        } catch (RuntimeException e) {
            log.warn("Could not write the guard's counts; trying again in {} ms", FLUSH_MILLIS, e);
        }
        for (var back : taken.subList(landed, taken.size())) {
            back.getValue().forEach((field, n) -> back.getKey().counters().computeIfAbsent(field, k -> new LongAdder()).add(n));
        }
        return false;
    }

    /** Up to 10,000 queued block records, unordered; a record already stored by an earlier try counts as written. */
    private boolean writeBlocks() {
        List<Document> batch = new ArrayList<>();
        for (Document d; batch.size() < 10_000 && (d = blocks.poll()) != null; ) {
            batch.add(d);
        }
        if (batch.isEmpty()) {
            return true;
        }
        List<Document> failed = new ArrayList<>();
        try {
            mongo.getCollection(BLOCKS).insertMany(batch, new com.mongodb.client.model.InsertManyOptions().ordered(false));
        } catch (com.mongodb.MongoBulkWriteException e) {
            e.getWriteErrors().stream().filter(error -> error.getCode() != 11000).forEach(error -> failed.add(batch.get(error.getIndex())));
        } catch (RuntimeException e) {
            failed.addAll(batch);
        }
        for (Document record : batch) {
            if (!failed.contains(record)) {
                queuedBlocks.decrementAndGet();
                queuedChars.addAndGet(-(record.getString("text") == null ? 0 : record.getString("text").length()));
            }
        }
        if (!failed.isEmpty()) {
            log.warn("Could not write {} guard block records; trying again in {} ms", failed.size(), FLUSH_MILLIS);
            blocks.addAll(failed);
            return false;
        }
        return true;
    }

    /** Drops block records past their retention. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void expire() {
        mongo.getCollection(BLOCKS).deleteMany(Filters.lt("expiresAt", Date.from(clock.instant())));
    }

    /**
     * Sums the buckets that start in {@code [from, to)}, at most {@link FindGuardActivity#MAX_RANGE} of them from {@code from} (exact lookups by
     * bucket id).
     */
    public GuardActivity activity(String subjectKind, String subject, String environment, Instant from, Instant to) {
        long start = Math.floorDiv(from.toEpochMilli(), BUCKET) * BUCKET;
        List<String> ids = new ArrayList<>();
        long end = Math.min(to.toEpochMilli(), start + FindGuardActivity.MAX_RANGE.toMillis());
        for (long bucket = start; bucket < end; bucket += BUCKET) {
            ids.add(bucketId(subjectKind, subject, environment, bucket));
        }
        long checked = 0;
        Map<String, Long> decisions = new TreeMap<>();
        Map<String, Map<String, Long>> byCheck = new TreeMap<>();
        for (int i = 0; i < ids.size(); i += 500) {
            for (Document d : mongo.getCollection(BUCKETS).find(Filters.in("_id", ids.subList(i, Math.min(ids.size(), i + 500))))) {
                checked += ((Number) d.get("checked", 0L)).longValue();
                if (d.get("decisions") instanceof Document counts) {
                    counts.forEach((decision, n) -> decisions.merge(decision, ((Number) n).longValue(), Long::sum));
                }
                if (d.get("checks") instanceof Document checks) {
                    checks.forEach((check, actions) -> ((Document) actions).forEach((action, n) -> byCheck
                            .computeIfAbsent(check, k -> new TreeMap<>()).merge(action, ((Number) n).longValue(), Long::sum)));
                }
            }
        }
        return new GuardActivity(checked, decisions, byCheck, metrics(checked, decisions, byCheck));
    }

    /** Rates over the texts checked: of each decision, and per check of each action it took. */
    static Map<String, Double> metrics(long checked, Map<String, Long> decisions, Map<String, Map<String, Long>> byCheck) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (checked == 0) {
            return metrics;
        }
        metrics.put("guard_checked", (double) checked);
        metrics.put("guard_block_rate", decisions.getOrDefault("block", 0L) / (double) checked);
        metrics.put("guard_redact_rate", decisions.getOrDefault("redact", 0L) / (double) checked);
        byCheck.forEach((check, actions) -> actions.forEach((action, n) -> {
            String name = switch (action) {
                case "block" -> "guard_block_rate:";
                case "redact" -> "guard_redact_rate:";
                default -> "guard_log_rate:";
            };
            metrics.put(name + check, n / (double) checked);
        }));
        return metrics;
    }

    @QueryHandler
    GuardActivity handle(FindGuardActivity query) {
        return activity(query.subjectKind(), query.subject(), query.environment(), query.from(), query.to());
    }

    /** The newest blocks first; block records are few beside the texts checked, and expire. */
    @QueryHandler
    List<GuardBlock> handle(FindGuardBlocks query) {
        Query q = Query.query(Criteria.where("subjectKind").is(query.subjectKind()).and("subject").is(query.subject())
                                      .and("environment").is(query.environment()))
                       .with(Sort.by(Sort.Direction.DESC, "at")).limit(query.limit());
        List<GuardBlock> result = new ArrayList<>();
        for (Document d : mongo.find(q, Document.class, BLOCKS)) {
            List<GuardBlock.Check> checks = new ArrayList<>();
            for (Object c : d.getList("checks", Object.class, List.of())) {
                Document check = (Document) c;
                checks.add(new GuardBlock.Check(check.getString("check"), check.getString("type"), ((Number) check.get("score")).doubleValue()));
            }
            result.add(new GuardBlock(d.getString("_id"), d.getDate("at").toInstant(), d.getString("subjectKind"), d.getString("subject"),
                                      d.getInteger("version"), d.getString("environment"), d.getString("stage"), checks,
                                      d.getString("requestId"), query.withText() ? d.getString("text") : null));
        }
        return result;
    }
}
