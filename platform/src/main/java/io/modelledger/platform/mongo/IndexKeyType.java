package io.modelledger.platform.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * How the durable embedded server keys its unique indexes. mongo-java-server's H2 backend leaves the keys
 * ({@link KeyValue}, a list of field values) to H2's generic object type, which knows no {@code KeyValue} and
 * compares two of them by Java-serializing both: under the write load of issue 17 that comparison was 43% of
 * the embedded server's CPU. This type compares the values one by one (the common BSON scalars by their own
 * order, anything else as H2 did, serialized) and stores each value with H2's object type.
 *
 * <p>The order is a different one than before, so a store whose indexes were written with the generic type is
 * re-indexed once when it is opened ({@link DurableH2Backend#open}). Equal keys are the same ones as before: two
 * values are equal when they are of the same class and equal (a string never equals a number, an {@code Integer}
 * never a {@code Long}), and values of other classes are equal when their serialized forms are.
 */
final class IndexKeyType extends BasicDataType<KeyValue> {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    private static final int NULL = 0;
    private static final int MISSING = 1;
    private static final int BOOLEAN = 2;
    private static final int INTEGER = 3;
    private static final int LONG = 4;
    private static final int DOUBLE = 5;
    private static final int STRING = 6;
    private static final int UUID_VALUE = 7;
    private static final int OBJECT_ID = 8;
    private static final int OTHER = 9;

    private static final int TAG_NULL = 0;
    private static final int TAG_MISSING = 1;
    private static final int TAG_VALUE = 2;

    private final ObjectDataType values = new ObjectDataType();

    private IndexKeyType() {
    }

    @Override
    public int compare(KeyValue a, KeyValue b) {
        int common = Math.min(a.size(), b.size());
        for (int i = 0; i < common; i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private int compareValues(Object a, Object b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case NULL, MISSING -> 0;
            case BOOLEAN -> Boolean.compare((Boolean) a, (Boolean) b);
            case INTEGER -> Integer.compare((Integer) a, (Integer) b);
            case LONG -> Long.compare((Long) a, (Long) b);
            case DOUBLE -> Double.compare((Double) a, (Double) b);
            case STRING -> ((String) a).compareTo((String) b);
            case UUID_VALUE -> ((UUID) a).compareTo((UUID) b);
            case OBJECT_ID -> ((ObjectId) a).compareTo((ObjectId) b);
            default -> ObjectDataType.compareNotNull(serialized(a), serialized(b));
        };
    }

    private static byte[] serialized(Object value) {
        return ObjectDataType.serialize(value);
    }

    private static int rank(Object value) {
        if (value == null) {
            return NULL;
        }
        Class<?> type = value.getClass();
        if (type == Missing.class) {
            return MISSING;
        } else if (type == Boolean.class) {
            return BOOLEAN;
        } else if (type == Integer.class) {
            return INTEGER;
        } else if (type == Long.class) {
            return LONG;
        } else if (type == Double.class) {
            return DOUBLE;
        } else if (type == String.class) {
            return STRING;
        } else if (type == UUID.class) {
            return UUID_VALUE;
        } else if (type == ObjectId.class) {
            return OBJECT_ID;
        }
        return OTHER;
    }

    @Override
    public int getMemory(KeyValue key) {
        int memory = 24 + 16 * key.size();
        for (Object value : key) {
            memory += value == null || value instanceof Missing ? 0 : values.getMemory(value);
        }
        return memory;
    }

    @Override
    public void write(WriteBuffer buffer, KeyValue key) {
        buffer.putVarInt(key.size());
        for (Object value : key) {
            if (value == null) {
                buffer.put((byte) TAG_NULL);
            } else if (value instanceof Missing) {
                buffer.put((byte) TAG_MISSING);
            } else {
                buffer.put((byte) TAG_VALUE);
                values.write(buffer, value);
            }
        }
    }

    @Override
    public KeyValue read(ByteBuffer buffer) {
        int size = DataUtils.readVarInt(buffer);
        List<Object> read = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int tag = buffer.get();
            read.add(switch (tag) {
                case TAG_NULL -> null;
                case TAG_MISSING -> Missing.getInstance();
                case TAG_VALUE -> values.read(buffer);
                default -> throw new IllegalStateException("Unknown index key tag " + tag);
            });
        }
        return new KeyValue(read);
    }

    @Override
    public KeyValue[] createStorage(int size) {
        return new KeyValue[size];
    }
}
