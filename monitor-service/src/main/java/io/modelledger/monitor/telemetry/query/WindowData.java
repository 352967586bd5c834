package io.modelledger.monitor.telemetry.query;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The records of one deployment over a time range, column by column (as they are stored), for window
 * metrics and drift. {@code features} holds each feature's values (null where a record lacked it).
 */
public final class WindowData {

    public final List<Integer> versions = new ArrayList<>();
    public final List<Double> latency = new ArrayList<>();
    public final List<Boolean> errors = new ArrayList<>();
    public final List<Integer> promptTokens = new ArrayList<>();
    public final List<Integer> completionTokens = new ArrayList<>();
    public final List<Double> cost = new ArrayList<>();
    public final List<Boolean> flagged = new ArrayList<>();
    public final List<Object> predictions = new ArrayList<>();
    public final Map<String, List<Object>> features = new HashMap<>();
    public boolean sampled;

    public int size() {
        return versions.size();
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
}
