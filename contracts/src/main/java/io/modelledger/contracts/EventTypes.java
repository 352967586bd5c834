package io.modelledger.contracts;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Event types as stored names: the contracts class behind a stored payload type or an audit entry's simple
 * type, and the service its package is {@link EmittedBy}. Names come from the store, so nothing outside the
 * event packages is ever loaded, and classes are looked up without being initialised.
 */
public final class EventTypes {

    /** The contracts packages that hold events (each is {@link EmittedBy} annotated). */
    static final List<String> EVENT_PACKAGES = List.of("registry", "access", "eval", "monitor", "operations", "audit");
    private static final String ROOT = "io.modelledger.contracts.";
    private static final Pattern SIMPLE_NAME = Pattern.compile("[A-Z][A-Za-z0-9]{0,99}");
    private static final Map<String, Class<?>> FOUND = new ConcurrentHashMap<>();

    private EventTypes() {
    }

    /** The contracts event class of a stored payload type (a fully qualified name); empty for any other name. */
    public static Optional<Class<?>> ofPayloadType(String payloadType) {
        if (payloadType == null || !payloadType.startsWith(ROOT)) {
            return Optional.empty();
        }
        String rest = payloadType.substring(ROOT.length());
        int dot = rest.indexOf('.');
        if (dot < 0 || !EVENT_PACKAGES.contains(rest.substring(0, dot)) || !SIMPLE_NAME.matcher(rest.substring(dot + 1)).matches()) {
            return Optional.empty();
        }
        return load(payloadType);
    }

    /** The event class of an audit entry's type (its simple name), searched in the event packages. */
    public static Optional<Class<?>> named(String simpleName) {
        if (simpleName == null || !SIMPLE_NAME.matcher(simpleName).matches()) {
            return Optional.empty();
        }
        for (String pkg : EVENT_PACKAGES) {
            Optional<Class<?>> type = load(ROOT + pkg + "." + simpleName);
            if (type.isPresent()) {
                return type;
            }
        }
        return Optional.empty();
    }

    /** The service the audit records for a stored payload type: its package's {@link EmittedBy}, or {@code unknown}. */
    public static String emitter(String payloadType) {
        return ofPayloadType(payloadType).map(type -> type.getPackage().getAnnotation(EmittedBy.class))
                                         .map(EmittedBy::value).orElse("unknown");
    }

    private static Optional<Class<?>> load(String name) {
        Class<?> known = FOUND.get(name);
        if (known != null) {
            return Optional.of(known);
        }
        try {
            Class<?> type = Class.forName(name, false, EventTypes.class.getClassLoader());
            FOUND.put(name, type);
            return Optional.of(type);
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
    }
}
