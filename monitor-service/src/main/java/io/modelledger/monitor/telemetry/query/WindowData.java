package io.modelledger.monitor.telemetry.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The records of one deployment over a time range. {@link #totals} are exact per version (counts, errors,
 * flagged, tokens, cost, unpriced), summed from every stored document whatever the window's size. The rows,
 * column by column as they are stored, are all the window's records, or, beyond the read limit, those of
 * evenly spaced documents ({@link #sampled}): latency quantiles, drift and online-score rates come from them.
 * {@code features} holds each feature's values (null where a record lacked it), {@code scores} each online
 * check's score (null where a record was not scored).
 */
public final class WindowData {

    /** Exact sums over a version's records in the window. */
    public static final class Totals {
        public long records;
        public long errors;
        public long flagged;
        public long promptTokens;
        public long completionTokens;
        public long unpriced;
        public double cost;

        public void add(Totals other) {
            records += other.records;
            errors += other.errors;
            flagged += other.flagged;
            promptTokens += other.promptTokens;
            completionTokens += other.completionTokens;
            unpriced += other.unpriced;
            cost += other.cost;
        }
    }

    public final Map<Integer, Totals> totals = new TreeMap<>();
    public final List<Integer> versions = new ArrayList<>();
    public final List<Double> latency = new ArrayList<>();
    public final List<Boolean> errors = new ArrayList<>();
    public final List<Boolean> flagged = new ArrayList<>();
    public final List<Object> predictions = new ArrayList<>();
    /** Each row's label: the one sent with the record, or a delayed one sent later by inference id (null: not labelled). */
    public final List<Object> labels = new ArrayList<>();
    public final Map<String, List<Object>> features = new HashMap<>();
    public final Map<String, List<Double>> scores = new HashMap<>();
    /** The check each score column comes from ({@code pii}, {@code json_schema}, …), by its name. */
    public final Map<String, String> scoreKinds = new HashMap<>();
    public boolean sampled;

    /** Rows read (all records, or the sample's). */
    public int size() {
        return versions.size();
    }

    /** Exact totals over all versions. */
    public Totals total() {
        Totals all = new Totals();
        totals.values().forEach(all::add);
        return all;
    }

    /** The exact record count. */
    public long records() {
        return total().records;
    }

    Totals totals(int version) {
        return totals.computeIfAbsent(version, v -> new Totals());
    }

    /** The values of one feature for the records of {@code version}. */
    public List<Object> feature(String name, int version) {
        List<Object> column = features.get(name);
        List<Object> values = new ArrayList<>();
        if (column == null) {
            return values;
        }
        for (int i = 0; i < column.size(); i++) {
            if (versions.get(i) == version && column.get(i) != null) {
                values.add(column.get(i));
            }
        }
        return values;
    }

    public List<Object> predictions(int version) {
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < predictions.size(); i++) {
            if (versions.get(i) == version && predictions.get(i) != null) {
                values.add(predictions.get(i));
            }
        }
        return values;
    }

    /** A column with its values all present: the nulls of rows read before it appeared, then padded to the end. */
    static <T> List<T> pad(List<T> column, int size) {
        while (column.size() < size) {
            column.add(null);
        }
        return column;
    }

    /** Every column as long as the rows. */
    void align() {
        features.values().forEach(column -> pad(column, size()));
        scores.values().forEach(column -> pad(column, size()));
    }
}
