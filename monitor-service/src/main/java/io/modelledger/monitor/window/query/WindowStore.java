package io.modelledger.monitor.window.query;

import com.mongodb.DuplicateKeyException;
import io.modelledger.monitor.window.api.FindWindowSeries;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import io.modelledger.monitor.window.api.WindowView;

import static org.springframework.data.mongodb.core.query.Criteria.where;

/** Evaluated windows, one document per deployment, size and start: a time series read by exact ids. */
@Component
public class WindowStore {

    public static final int MAX_POINTS = 2000;

    static final String WINDOWS = "monitor_windows";

    private final MongoTemplate mongo;

    public WindowStore(MongoTemplate mongo) {
        this.mongo = mongo;
    }

    static final String CURSORS = "monitor_window_cursors";

    /** Where the evaluation of a deployment's windows of one size has reached: the end of the last window evaluated. */
    public Optional<Instant> evaluatedTo(String model, String environment, long sizeSeconds) {
        org.bson.Document cursor = mongo.getCollection(CURSORS).find(new org.bson.Document("_id", cursorId(model, environment, sizeSeconds))).first();
        return cursor == null ? Optional.empty() : Optional.of(Instant.ofEpochMilli(cursor.getLong("to")));
    }

    public void evaluatedTo(String model, String environment, long sizeSeconds, Instant to) {
        mongo.getCollection(CURSORS).updateOne(new org.bson.Document("_id", cursorId(model, environment, sizeSeconds)),
                new org.bson.Document("$max", new org.bson.Document("to", to.toEpochMilli())), new com.mongodb.client.model.UpdateOptions().upsert(true));
    }

    /** The end of the latest window of this size that had labelled records: where quality rules judge (null: none yet). */
    public Optional<Instant> labelledTo(String model, String environment, long sizeSeconds) {
        return evaluatedTo(model, environment + "|labelled", sizeSeconds);
    }

    public void labelledTo(String model, String environment, long sizeSeconds, Instant to) {
        evaluatedTo(model, environment + "|labelled", sizeSeconds, to);
    }

    /** A stored window. */
    public Optional<WindowView> find(String id) {
        return Optional.ofNullable(mongo.findById(id, WindowView.class, WINDOWS));
    }

    private static String cursorId(String model, String environment, long sizeSeconds) {
        return model + "|" + environment + "|" + sizeSeconds;
    }

    public boolean exists(String id) {
        return mongo.exists(Query.query(where("_id").is(id)), WINDOWS);
    }

    /** Stores a window; false when another instance stored it first (then it also applied the rules). */
    public boolean claim(WindowView view) {
        try {
            mongo.insert(view, WINDOWS);
            return true;
        } catch (org.springframework.dao.DuplicateKeyException | DuplicateKeyException e) {
            return false;
        }
    }

    /** Replaces a stored window's metrics with those computed again (its labels changed); false when it was never stored. */
    public boolean replace(WindowView view) {
        return mongo.getCollection(WINDOWS).countDocuments(new org.bson.Document("_id", view.id())) > 0
                && mongo.findAndReplace(Query.query(where("_id").is(view.id())), view, WINDOWS) != null;
    }

    /** Gives a claimed window up, so that it is computed and judged again. */
    public void release(String id) {
        mongo.remove(Query.query(where("_id").is(id)), WINDOWS);
    }

    @QueryHandler
    List<WindowView> handle(FindWindowSeries query) {
        return series(query.modelName(), query.environment(), query.size(), query.from(), query.to());
    }

    /** The windows of {@code size} starting in [from, to), oldest first, at most {@value #MAX_POINTS}. */
    public List<WindowView> series(String model, String environment, Duration size, Instant from, Instant to) {
        long step = size.toMillis();
        List<String> ids = new ArrayList<>();
        for (long start = Math.floorDiv(from.toEpochMilli(), step) * step; start < to.toEpochMilli() && ids.size() < MAX_POINTS; start += step) {
            ids.add(WindowView.id(model, environment, size.toSeconds(), Instant.ofEpochMilli(start)));
        }
        List<WindowView> views = new ArrayList<>(mongo.find(Query.query(where("_id").in(ids)), WindowView.class, WINDOWS));
        views.sort(Comparator.comparing(WindowView::start));
        return views.stream().distinct().toList();
    }
}
