package io.modelledger.console.changes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One form for a governed change, described once: its fields are named by the paths of the API's request body
 * ({@code lineage.trainingData[0].dataset}), so the body is built from the form as it is, and the API's field errors
 * ({@code errors[].field}) land next to the field that holds them.
 */
record ChangeForm(String title, String intro, String submit, List<Field> fields) {

    enum Type { TEXT, NUMBER, CHECKBOX, SELECT, TEXTAREA, JSON }

    record Field(String name, String label, Type type, String help, List<String> options) {

        static Field text(String name, String label, String help) {
            return new Field(name, label, Type.TEXT, help, List.of());
        }

        static Field number(String name, String label, String help) {
            return new Field(name, label, Type.NUMBER, help, List.of());
        }

        /** Several lines, sent as they are (only surrounding blank space is trimmed). */
        static Field textarea(String name, String label, String help) {
            return new Field(name, label, Type.TEXTAREA, help, List.of());
        }

        /** A JSON object typed in a text area, sent as the object (text that is not JSON is sent as text, for the API to name). */
        static Field json(String name, String label, String help) {
            return new Field(name, label, Type.JSON, help, List.of());
        }

        static Field checkbox(String name, String label, String help) {
            return new Field(name, label, Type.CHECKBOX, help, List.of());
        }

        static Field select(String name, String label, String help, List<String> options) {
            return new Field(name, label, Type.SELECT, help, options);
        }

        /** The element id: field paths hold characters an id selector would need escaped. */
        public String id() {
            return "f-" + name.replaceAll("[^A-Za-z0-9]", "-");
        }
    }

    /** The field whose value is the change's reason for the audit trail. */
    static final String REASON = "reason";

    private static final Pattern INDEXED = Pattern.compile("^([A-Za-z]+)\\[(\\d{1,2})]$");

    /**
     * The request body for the submitted values: empty fields are left out, numbers are numbers (a number field that is
     * not one is sent as text, for the API to name), checkboxes are booleans (within a list's item only a ticked one is sent),
     * dotted paths nest, {@code [i]} makes lists.
     */
    Map<String, Object> body(Map<String, String> submitted) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (Field field : fields) {
            if (field.name().equals(REASON)) {
                continue; // travels as the X-ModelLedger-Reason header, not in the body
            }
            String raw = submitted.get(field.name());
            Object value = switch (field.type()) {
                // in a list's item an unticked box is left out, so an item nobody filled in is not sent at all
                case CHECKBOX -> raw != null ? Boolean.TRUE : field.name().contains("[") ? null : Boolean.FALSE;
                case NUMBER -> raw == null || raw.isBlank() ? null : number(raw.strip());
                case JSON -> raw == null || raw.isBlank() ? null : json(raw.strip());
                default -> raw == null || raw.isBlank() ? null : raw.strip();
            };
            if (value != null) {
                put(body, field.name().split("\\."), 0, value);
            }
        }
        return body;
    }

    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private static Object json(String raw) {
        try {
            return JSON.readValue(raw, Object.class);
        } catch (tools.jackson.core.JacksonException e) {
            return raw;
        }
    }

    private static Object number(String raw) {
        try {
            return raw.contains(".") ? (Object) Double.parseDouble(raw) : (Object) Long.parseLong(raw);
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> node, String[] path, int at, Object value) {
        String part = path[at];
        Matcher indexed = INDEXED.matcher(part);
        boolean last = at == path.length - 1;
        if (indexed.matches()) {
            List<Object> list = (List<Object>) node.computeIfAbsent(indexed.group(1), k -> new ArrayList<>());
            int index = Integer.parseInt(indexed.group(2));
            while (list.size() <= index) {
                list.add(new LinkedHashMap<String, Object>());
            }
            if (last) {
                list.set(index, value);
            } else {
                put((Map<String, Object>) list.get(index), path, at + 1, value);
            }
        } else if (last) {
            node.put(part, value);
        } else {
            put((Map<String, Object>) node.computeIfAbsent(part, k -> new LinkedHashMap<String, Object>()), path, at + 1, value);
        }
    }
}
