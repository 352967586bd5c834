package io.modelledger.contracts;

import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.eval.EvaluationCompleted;
import io.modelledger.contracts.registry.ModelAliasAssigned;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class EventTypesTest {

    /** The rule every audit entry so far was hashed with: the service from the package name. It must keep holding. */
    private static String hashedWith(String payloadType) {
        String[] parts = payloadType.split("\\.");
        return switch (parts[3]) {
            case "registry", "access" -> "registry-service";
            case "eval" -> "eval-service";
            case "monitor" -> "monitor-service";
            default -> parts[3];
        };
    }

    private static List<String> classesOfTheEventPackages() throws IOException {
        Path root = Path.of("target/classes/io/modelledger/contracts");
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(Path::toString)
                        .filter(f -> f.endsWith(".class") && !f.contains("$") && !f.endsWith("package-info.class") && f.contains("/"))
                        .filter(f -> EventTypes.EVENT_PACKAGES.contains(f.substring(0, f.indexOf('/'))))
                        .map(f -> "io.modelledger.contracts." + f.replace(".class", "").replace('/', '.')).toList();
        }
    }

    @Test
    void everyTypeOfTheEventPackagesKeepsTheServiceItsEntriesWereHashedWith() throws IOException {
        List<String> types = classesOfTheEventPackages();
        assertThat(types).hasSizeGreaterThan(40).contains(ModelAliasAssigned.class.getName(), EvaluationCompleted.class.getName());
        for (String type : types) {
            assertThat(AuditEntry.service(type)).as(type).isEqualTo(hashedWith(type));
            String simple = type.substring(type.lastIndexOf('.') + 1);
            assertThat(EventTypes.named(simple)).as(simple).hasValueSatisfying(c -> assertThat(c.getName()).isEqualTo(type));
        }
    }

    @Test
    void namesOutsideTheEventPackagesAreNeverLoaded() {
        for (String hostile : new String[]{"java.lang.Runtime", "io.modelledger.contracts.metadata.Headers",
                "io.modelledger.contracts.registry.Nope", "io.modelledger.contracts.registry.ModelRegistered$1",
                "io.modelledger.contracts.registry..ModelRegistered", "io.modelledger.contracts.registry.sub.ModelRegistered",
                "io.modelledger.platform.eventstore.TestEvent", "io.modelledger.contracts.EventTypes", ""}) {
            assertThat(EventTypes.ofPayloadType(hostile)).as(hostile).isEmpty();
        }
        assertThat(EventTypes.ofPayloadType(null)).isEmpty();
        assertThat(EventTypes.named("Runtime")).isEmpty();
        assertThat(EventTypes.named("../Runtime")).isEmpty();
        assertThat(EventTypes.named(null)).isEmpty();
    }

    @Test
    void theRecordedServiceDependsOnTheNameAloneAsBefore() {
        // a type whose class is gone (renamed, removed) keeps the service its entries were hashed with
        for (String type : new String[]{"io.modelledger.contracts.registry.Nope", "io.modelledger.contracts.registry.ModelRegistered$1",
                "io.modelledger.contracts.registry..ModelRegistered", "io.modelledger.contracts.registry.sub.ModelRegistered",
                "io.modelledger.contracts.monitor.SomethingRetired", "io.modelledger.contracts.operations.Gone"}) {
            assertThat(AuditEntry.service(type)).as(type).isEqualTo(hashedWith(type));
        }
        for (String other : new String[]{"java.lang.Runtime", "io.modelledger.platform.eventstore.TestEvent", "io.modelledger.contracts.X",
                "io.modelledger.contracts.metadata.Headers", "", "io.modelledger.contracts.registry"}) {
            assertThat(AuditEntry.service(other)).as(other).isEqualTo("unknown");
        }
        assertThat(AuditEntry.service(null)).isEqualTo("unknown");
    }
}
