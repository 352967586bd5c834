package io.modelledger.console.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A JSON object of an API answer as the templates read it: a field the API left out (it writes no nulls) reads as
 * null, as in JavaScript, instead of failing the page ({@code ${model.ownerTeam}} on a model without an owner).
 */
public final class JsonObject extends LinkedHashMap<String, Object> {

    @Override
    public boolean containsKey(Object key) {
        // Spring's MapAccessor asks this before reading a property; any name is readable, absent ones are null
        return key instanceof String || super.containsKey(key);
    }

    /** A copy to add fields to, as lenient as the original. */
    public static JsonObject copy(Map<String, Object> fields) {
        JsonObject object = new JsonObject();
        object.putAll(fields);
        return object;
    }

    /** Maps become {@link JsonObject}s, lists are copied, everything else is kept. */
    @SuppressWarnings("unchecked")
    public static Object wrap(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.put(String.valueOf(k), wrap(v)));
            return object;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            list.forEach(item -> copy.add(wrap(item)));
            return copy;
        }
        return value;
    }
}
