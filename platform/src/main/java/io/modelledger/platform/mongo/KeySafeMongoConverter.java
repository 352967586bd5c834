package io.modelledger.platform.mongo;

import org.springframework.data.mongodb.MongoDatabaseFactory;
import org.springframework.data.mongodb.core.convert.DefaultDbRefResolver;
import org.springframework.data.mongodb.core.convert.MappingMongoConverter;
import org.springframework.data.mongodb.core.mapping.MongoMappingContext;

/**
 * Read-model documents whose maps have keys users chose (schemas, hyper-parameters, metrics, parameters,
 * variables, attributes): MongoDB reads {@code .} as a path and a leading {@code $} as an operator, and BSON
 * cannot hold NUL in a key. Map keys are therefore percent-encoded on the way in ({@code %} {@code .}
 * {@code $} and NUL) and decoded on the way out, so any key round-trips, e.g. a JSON Schema's
 * {@code $schema}, {@code $ref} and {@code $defs}, or {@code {"team.name": …}}.
 */
public class KeySafeMongoConverter extends MappingMongoConverter {

    public KeySafeMongoConverter(MongoDatabaseFactory factory, MongoMappingContext context) {
        super(new DefaultDbRefResolver(factory), context);
    }

    @Override
    protected String potentiallyEscapeMapKey(String key) {
        return escape(key);
    }

    @Override
    protected String potentiallyUnescapeMapKey(String key) {
        return unescape(key);
    }

    public static String escape(String key) {
        StringBuilder out = null;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            String replacement = switch (c) {
                case '%' -> "%25";
                case '.' -> "%2E";
                case '$' -> "%24";
                case '\0' -> "%00";
                default -> null;
            };
            if (replacement != null && out == null) {
                out = new StringBuilder(key.length() + 8).append(key, 0, i);
            }
            if (out != null) {
                out.append(replacement != null ? replacement : String.valueOf(c));
            }
        }
        return out == null ? key : out.toString();
    }

    public static String unescape(String key) {
        if (key.indexOf('%') < 0) {
            return key;
        }
        return key.replace("%2E", ".").replace("%24", "$").replace("%00", "\0").replace("%25", "%");
    }
}
