package io.modelledger.platform.axon;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every record in {@code contracts} (events and cross-service commands) survives a JSON round trip through
 * the serializer the event store uses, with every component filled in. A new event that Jackson cannot
 * read back fails here, not in production.
 */
class EventJsonRoundTripTest {

    private final Serializer serializer = AxonJackson.serializer();

    @TestFactory
    Stream<DynamicTest> everyContractRecordRoundTrips() {
        List<Class<?>> records = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                                        .importPackages("io.modelledger.contracts")
                                                        .stream().filter(JavaClass::isRecord)
                                                        .<Class<?>>map(JavaClass::reflect).toList();
        assertThat(records).isNotEmpty();
        return records.stream().map(type -> DynamicTest.dynamicTest(type.getSimpleName(), () -> {
            Object original = sample(type);
            SerializedObject<String> json = serializer.serialize(original, String.class);
            Object read = serializer.deserialize(json);
            assertThat(read).isEqualTo(original);
        }));
    }

    private static Object sample(Class<?> type) throws ReflectiveOperationException {
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = Stream.of(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Object[] values = Stream.of(components).map(c -> value(c.getType(), c.getGenericType(), c.getName())).toArray();
        Constructor<?> constructor = type.getDeclaredConstructor(types);
        return constructor.newInstance(values);
    }

    private static Object value(Class<?> type, Type generic, String name) {
        if (type == String.class) {
            return name + "-value";
        }
        if (type == int.class || type == Integer.class) {
            return 7;
        }
        if (type == long.class || type == Long.class) {
            return 7L;
        }
        if (type == double.class || type == Double.class) {
            return 0.25;
        }
        if (type == boolean.class || type == Boolean.class) {
            return true;
        }
        if (type == Instant.class) {
            return Instant.parse("2026-03-01T14:00:00Z");
        }
        if (type == Map.class) {
            Type valueType = ((ParameterizedType) generic).getActualTypeArguments()[1];
            return Map.of("key", valueType == Object.class ? "value" : value((Class<?>) valueType, valueType, name));
        }
        if (type == List.class || type == Set.class) {
            Type element = ((ParameterizedType) generic).getActualTypeArguments()[0];
            Object one = value((Class<?>) element, element, name);
            return type == List.class ? List.of(one) : Set.of(one);
        }
        if (type.isEnum()) {
            return type.getEnumConstants()[0];
        }
        if (type.isRecord()) {
            try {
                return sample(type);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("Add a sample value for " + type + " (component " + name + ")");
    }
}
