package io.modelledger.platform.web;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.LogicalType;

import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * How every service reads request bodies, set once per application: duplicate keys, trailing content,
 * coercion between scalar types (a number for a string, {@code "5"} for a number, {@code 1.5} for an
 * integer), non-finite numbers, {@code null} elements in lists, and text holding NUL, unpaired surrogates
 * or bidirectional-override controls are refused, each naming the field at fault.
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
               .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail));
        for (Class<?> collection : List.of(List.class, Set.class, Collection.class)) {
            builder.withConfigOverride(collection, o -> o.setNullHandling(JsonSetter.Value.forContentNulls(Nulls.FAIL)));
        }
        SimpleModule strict = new SimpleModule("modelledger-strict-json");
        strict.addDeserializer(String.class, new CleanText());
        strict.addDeserializer(Double.class, new FiniteDouble(Double.class));
        strict.addDeserializer(Double.TYPE, new FiniteDouble(Double.TYPE));
        builder.addModule(strict);
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
            if ((c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')) {
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
