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
    /** Found classes and misses by name; names come only from the store's own types, and the cache is bounded anyway. */
    private static final Map<String, Optional<Class<?>>> LOOKED_UP = new ConcurrentHashMap<>();
    private static final int MAX_CACHED = 4096;

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

    /**
     * The service the audit records for a stored payload type: the {@link EmittedBy} of its contracts package, or
     * {@code unknown}. It depends on the name alone (the package's declaration, not the event's class), so an entry
     * keeps its hash even if its event class is one day renamed or removed.
     */
    public static String emitter(String payloadType) {
        if (payloadType == null || !payloadType.startsWith(ROOT)) {
            return "unknown";
        }
        String[] parts = payloadType.substring(ROOT.length()).split("\\.", -1);
        if (parts.length < 2 || !EVENT_PACKAGES.contains(parts[0])) {
            return "unknown";
        }
        return load(ROOT + parts[0] + ".package-info").map(info -> info.getPackage().getAnnotation(EmittedBy.class))
                                                      .map(EmittedBy::value).orElse("unknown");
    }

    private static Optional<Class<?>> load(String name) {
        Optional<Class<?>> known = LOOKED_UP.get(name);
        if (known != null) {
            return known;
        }
        Optional<Class<?>> found;
        try {
            found = Optional.of(Class.forName(name, false, EventTypes.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError absent) {
            found = Optional.empty();
        }
        if (LOOKED_UP.size() < MAX_CACHED) {
            LOOKED_UP.put(name, found);
        }
        return found;
    }
}
