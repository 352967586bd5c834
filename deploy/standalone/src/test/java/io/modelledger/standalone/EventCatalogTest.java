package io.modelledger.standalone;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.saga.SagaEventHandler;
import io.modelledger.contracts.EventTypes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code docs/events.md}, generated from the compiled code: every event in {@code contracts}, the services
 * whose main code constructs it, and every handler that consumes it (class, processing group), with a
 * Mermaid diagram of the flow between services. It fails when the committed file is stale; run it with
 * {@code -Dmodelledger.docs.write=true} to rewrite the file.
 */
class EventCatalogTest {

    private static final Path DOC = Path.of("../../docs/events.md");
    private static final List<String> SERVICES = List.of("registry", "eval", "monitor", "gateway", "platform");

    /** Event (simple name) → the services whose main code constructs it, and → its handlers. */
    private record Catalog(Map<String, Set<String>> emitters, Map<String, Set<String>> consumers, Map<String, String> names) {
    }

    private static Catalog imported;

    private static synchronized Catalog catalog() {
        if (imported == null) {
            imported = importCatalog();
        }
        return imported;
    }

    private static Catalog importCatalog() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                                     .importPackages("io.modelledger");
        Set<String> handled = new TreeSet<>(); // contracts types some event handler takes: events whatever their names
        for (JavaClass type : classes) {
            for (JavaMethod method : type.getMethods()) {
                if ((method.isAnnotatedWith(EventHandler.class) || method.isAnnotatedWith(EventSourcingHandler.class)
                        || method.isAnnotatedWith(SagaEventHandler.class)) && !method.getRawParameterTypes().isEmpty()) {
                    handled.add(method.getRawParameterTypes().get(0).getName());
                }
            }
        }
        Map<String, Set<String>> emitters = new TreeMap<>();
        Map<String, Set<String>> consumers = new TreeMap<>();
        Map<String, String> names = new TreeMap<>();
        for (JavaClass type : classes) {
            if (isEvent(type, handled)) {
                emitters.put(type.getSimpleName(), new TreeSet<>());
                names.put(type.getSimpleName(), type.getName());
                consumers.put(type.getSimpleName(), new TreeSet<>());
            }
        }
        for (JavaClass type : classes) {
            if (!isEvent(type, handled)) {
                continue;
            }
            for (JavaConstructorCall call : type.getConstructorCallsToSelf()) {
                String service = service(call.getOriginOwner());
                if (service != null) {
                    emitters.get(type.getSimpleName()).add(service);
                }
            }
        }
        for (JavaClass type : classes) {
            String service = service(type);
            if (service == null) {
                continue;
            }
            for (JavaMethod method : type.getMethods()) {
                String role = method.isAnnotatedWith(EventHandler.class) ? group(type)
                        : method.isAnnotatedWith(EventSourcingHandler.class) ? "aggregate"
                        : method.isAnnotatedWith(SagaEventHandler.class) ? "saga" : null;
                if (role == null || method.getRawParameterTypes().isEmpty()) {
                    continue;
                }
                String event = method.getRawParameterTypes().get(0).getSimpleName();
                if (consumers.containsKey(event)) {
                    consumers.get(event).add(service + ": `" + type.getSimpleName() + "` (" + role + ")");
                }
            }
        }
        return new Catalog(emitters, consumers, names);
    }

    @Test
    void docsEventsMdIsGeneratedFromTheCodeAndCurrent() throws IOException {
        Catalog catalog = catalog();
        Map<String, Set<String>> emitters = catalog.emitters();
        Map<String, Set<String>> consumers = catalog.consumers();
        String generated = render(emitters, consumers);
        if (Boolean.getBoolean("modelledger.docs.write")) {
            Files.writeString(DOC, generated);
        }
        String committed = Files.exists(DOC) ? Files.readString(DOC) : "";
        Files.writeString(Path.of("target/events.md"), generated);
        assertThat(committed).as("docs/events.md is stale: the generated one is in deploy/standalone/target/events.md; "
                + "rewrite it with ./mvnw -pl deploy/standalone test -Dtest=EventCatalogTest -Dmodelledger.docs.write=true")
                             .isEqualTo(generated);
    }

    /**
     * The service the audit trail records for an event (its package's {@code @EmittedBy}, part of every entry's
     * hash) is the service whose code constructs it. Two names predate this rule and stay for the hashes' sake:
     * {@code operations} (constructed by the platform layer of any service) and {@code audit} ({@code AuditExported},
     * constructed by registry-service).
     */
    @Test
    void everyEventIsRecordedUnderTheServiceThatConstructsIt() {
        Map<String, String> legacy = Map.of("operations", "platform", "audit", "registry-service");
        Catalog catalog = catalog();
        assertThat(catalog.names()).hasSizeGreaterThan(40);
        catalog.names().forEach((event, type) -> {
            String recorded = EventTypes.emitter(type);
            assertThat(recorded).as(event).isNotEqualTo("unknown");
            assertThat(catalog.emitters().get(event)).as("%s is recorded under %s", event, recorded)
                                                     .isSubsetOf(legacy.getOrDefault(recorded, recorded));
        });
    }

    /**
     * An event: a top-level record of {@code contracts} that an event handler takes, or that is named in the
     * past tense (commands and values are not).
     */
    private static boolean isEvent(JavaClass type, Set<String> handled) {
        return type.getPackageName().startsWith("io.modelledger.contracts") && type.isRecord() && !type.isNestedClass()
                && (type.getSimpleName().endsWith("ed") || handled.contains(type.getName()));
    }

    private static String service(JavaClass type) {
        if (type.getPackageName().startsWith("io.modelledger.audit")) {
            return "registry-service"; // the audit module runs inside registry-service
        }
        for (String service : SERVICES) {
            if (type.getPackageName().startsWith("io.modelledger." + service)) {
                return service.equals("platform") || service.equals("gateway") ? service : service + "-service";
            }
        }
        return null;
    }

    private static String group(JavaClass type) {
        return type.tryGetAnnotationOfType(ProcessingGroup.class).map(ProcessingGroup::value).orElse("default group");
    }

    private static String render(Map<String, Set<String>> emitters, Map<String, Set<String>> consumers) {
        Map<String, Set<String>> flows = new TreeMap<>(); // "from -> to" → events
        emitters.forEach((event, from) -> from.forEach(source -> consumers.get(event).forEach(consumer -> {
            String target = consumer.substring(0, consumer.indexOf(':'));
            if (!target.equals(source)) {
                flows.computeIfAbsent(source + " -> " + target, k -> new TreeSet<>()).add(event);
            }
        })));
        StringBuilder doc = new StringBuilder();
        doc.append("# Events\n\n")
           .append("Generated from the compiled code by `EventCatalogTest` (deploy/standalone); do not edit by hand. The test\n")
           .append("fails when this file is stale. An event is a record of `contracts` that a handler takes or that is named\n")
           .append("in the past tense; a service\n")
           .append("emits it when its main code constructs it, and consumes it with an `@EventHandler` (in the processing\n")
           .append("group named), an aggregate's `@EventSourcingHandler` or a saga's `@SagaEventHandler`. Not listed per\n")
           .append("event: the registry's audit trail (`AuditLogProjection`) chains every event of the store, whatever its type,\n")
           .append("so \"(no handler)\" means no read model or process reacts to it, not that the audit misses it.\n\n")
           .append("## Between services\n\n```mermaid\nflowchart LR\n");
        flows.forEach((flow, events) -> {
            String[] ends = flow.split(" -> ");
            doc.append("    ").append(node(ends[0])).append(" -- \"").append(String.join(", ", events)).append("\" --> ")
               .append(node(ends[1])).append('\n');
        });
        doc.append("```\n\n## Every event\n\n| event | emitted by | consumed by |\n|---|---|---|\n");
        emitters.forEach((event, from) -> doc.append("| `").append(event).append("` | ")
                .append(from.isEmpty() ? "(nothing constructs it)" : String.join(", ", from)).append(" | ")
                .append(consumers.get(event).isEmpty() ? "(no handler)" : String.join("<br>", consumers.get(event)))
                .append(" |\n"));
        return doc.toString();
    }

    private static String node(String service) {
        return service.replace("-", "_") + "[" + service + "]";
    }
}
