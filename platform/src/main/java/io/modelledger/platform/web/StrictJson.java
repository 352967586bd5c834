package io.modelledger.platform.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How every service reads request bodies, set once per application: duplicate keys, trailing content,
 * coercion between scalar types (a number for a string, {@code "5"} for a number, {@code 1.5} for an
 * integer), non-finite numbers, {@code null} elements in lists, and text holding NUL, unpaired surrogates
 * or bidirectional-override controls, and instants more than ten years from now are refused, each naming
 * the field at fault.
 */
public final class StrictJson {

    private StrictJson() {
    }

    /** Applies the rules to a mapper under construction (the web layer's, via Boot's customizer). */
    public static void apply(JsonMapper.Builder builder) {
        builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
               .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
               .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
               .withCoercionConfigDefaults(c -> c.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                                                 .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
               .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                                              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                                                              .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
               .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
               .withCoercionConfig(LogicalType.Boolean, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                                                              .setCoercion(CoercionInputShape.Float, CoercionAction.Fail));

        for (Class<?> collection : List.of(List.class, Set.class, Collection.class)) {
            builder.withConfigOverride(collection, o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)));
        }
        SimpleModule strict = new SimpleModule("modelledger-strict-json");
        strict.addDeserializer(String.class, new CleanText());
        strict.addDeserializer(Double.class, new FiniteDouble(Double.class));
        strict.addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE));
        strict.setDeserializerModifier(new ValueDeserializerModifier() {
            @Override
            public ValueDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription.Supplier description,
                                                           ValueDeserializer<?> deserializer) {
                if (deserializer.handledType() == Instant.class || deserializer.handledType() == Duration.class) {
                    return new IsoTime(deserializer);
                }
                return deserializer.handledType() == Object.class ? new CleanUntyped(deserializer) : deserializer;
            }
        });
        builder.addModule(strict);
    }

    /**
     * A Jackson 2 reader for bodies a service reads as a tree itself (telemetry, suite case files): the
     * same refusal of duplicate keys and trailing content as the web layer's mapper. The field-level rules
     * are the caller's, record by record.
     */
    public static com.fasterxml.jackson.databind.ObjectMapper treeReader() {
        return com.fasterxml.jackson.databind.json.JsonMapper.builder()
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** How far from now a timestamp in a request may lie, unless its field says otherwise. */
    public static final Duration INSTANT_RANGE = Duration.ofDays(3653);

    /** What makes {@code instant} unacceptable in a request (more than ten years from now), or null when it is fine. */
    public static String problem(Instant instant) {
        Instant now = Instant.now();
        return instant.isBefore(now.minus(INSTANT_RANGE)) || instant.isAfter(now.plus(INSTANT_RANGE))
                ? "must be within 10 years of now" : null;
    }

    /** What makes text unacceptable in a request, or null when it is fine. */
    public static String problem(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return "must not contain NUL characters";
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return "must not contain unpaired surrogates";
            }
            if (Character.isLowSurrogate(c)) {
                return "must not contain unpaired surrogates";
            }
            if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069') || c == '\u200e' || c == '\u200f'
                    || c == '\u061c') {
                return "must not contain bidirectional override or isolate controls";
            }
        }
        return null;
    }

    private static final class CleanText extends StdScalarDeserializer<String> {
        CleanText() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String text = StringDeserializer.instance.deserialize(p, ctxt);
            String problem = text == null ? null : problem(text);
            if (problem != null) {
                throw InvalidFormatException.from(p, problem, "(text)", String.class);
            }
            return text;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /**
     * Instants and durations as ISO-8601 text only (a number is not read as seconds), and an instant within
     * {@link #INSTANT_RANGE} of now (before a far-off year overflows anything).
     */
    private static final class IsoTime extends DelegatingDeserializer {
        IsoTime(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new IsoTime(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw InvalidFormatException.from(p, "must be ISO-8601 text, e.g. " + (handledType() == Duration.class
                        ? "PT15M or P1D" : "2026-01-31T12:00:00Z"), "(value)", handledType());
            }
            Object value = super.deserialize(p, ctxt);
            String problem = value instanceof Instant instant ? problem(instant) : null;
            if (problem != null) {
                throw InvalidFormatException.from(p, problem, value, Instant.class);
            }
            return value;
        }
    }

    /**
     * Free-form JSON (schemas, parameters, variables, attributes): the same rules for the numbers and text
     * inside it as for typed fields. Keys are free; storage encodes them ({@code KeySafeMongoConverter}).
     */
    private static final class CleanUntyped extends DelegatingDeserializer {
        CleanUntyped(ValueDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> delegate) {
            return new CleanUntyped(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctxt) {
            Object value = super.deserialize(p, ctxt);
            String problem = untypedProblem(value);
            if (problem != null) {
                throw InvalidFormatException.from(p, problem, "(value)", Object.class);
            }
            return value;
        }

        private static String untypedProblem(Object value) {
            if (value instanceof Double d && !Double.isFinite(d) || value instanceof Float f && !Float.isFinite(f)) {
                return "must hold only finite numbers";
            }
            if (value instanceof String text) {
                return problem(text);
            }
            if (value instanceof java.util.Map<?, ?> map) {
                for (Object entry : map.values()) {
                    String problem = untypedProblem(entry);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            if (value instanceof Collection<?> list) {
                for (Object entry : list) {
                    String problem = untypedProblem(entry);
                    if (problem != null) {
                        return problem;
                    }
                }
            }
            return null;
        }
    }

    private static final class FiniteDouble extends StdScalarDeserializer<Double> {
        FiniteDouble(Class<?> type) {
            super(type);
        }

        @Override
        public Double deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() != JsonToken.VALUE_NUMBER_INT && p.currentToken() != JsonToken.VALUE_NUMBER_FLOAT) {
                return (Double) ctxt.handleUnexpectedToken(_valueClass, p);
            }
            double value = p.getDoubleValue();
            if (!Double.isFinite(value)) {
                throw InvalidFormatException.from(p, "must be a finite number", p.getString(), Double.class);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }
}
