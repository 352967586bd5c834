package io.modelledger.platform.test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.spring.stereotype.Aggregate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.codeUnits;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The architecture every service keeps, as executable rules (docs/architecture.md): web code talks to the
 * command and query gateways, never to aggregates, projections or the Mongo driver, and of its own service sees
 * only the features' {@code api} packages (one read path); command and query handlers take messages (and
 * answer with views) that are top-level types of an {@code api} package; no service reaches into
 * another service's code; feature packages depend on each other without cycles; time comes from the
 * injected {@code Clock}; and no code outside the
 * event store's own package names the store's private layout (its collections and the fields of a stored
 * event): the audit reads stored events through {@code StoredEventReader}. {@code ServiceArchitectureTest}
 * proves that each rule catches a violation, on fixture classes.
 */
public final class ServiceArchitecture {

    private static final List<String> SERVICES = List.of("io.modelledger.registry", "io.modelledger.eval",
                                                         "io.modelledger.monitor", "io.modelledger.gateway",
                                                         "io.modelledger.audit");

    /** String literals that name the event store's collections or the fields of a stored event. */
    static final Pattern EVENT_STORE_LAYOUT = Pattern.compile(
            "\"(event_[a-z_]*|commits|late_commits|globalIndex|eventIdentifier|aggregateIdentifier|payloadType|payloadRevision|metaData)\"");
    private static final String EVENT_STORE_PACKAGE = "io/modelledger/platform/eventstore/";

    private ServiceArchitecture() {
    }

    /** Checks a service's compiled main classes and its main sources ({@code src/main/java} of the module under test). */
    public static void check(String servicePackage) {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                                                     .importPackages(servicePackage);
        rules(servicePackage, SERVICES.stream().filter(s -> !s.equals(servicePackage)).toList()).forEach(rule -> rule.check(classes));
        List<String> layout = eventStoreLayoutNamed(Path.of("src/main/java"));
        if (!layout.isEmpty()) {
            throw new AssertionError("Only platform's eventstore package may name the event store's layout; read stored events "
                                     + "through StoredEventReader. Found:\n  " + String.join("\n  ", layout));
        }
    }

    static List<ArchRule> rules(String servicePackage, List<String> otherServices) {
        return List.of(
                noClasses().that().resideInAPackage(servicePackage + "..web..")
                           .should().dependOnClassesThat().areAnnotatedWith(Aggregate.class)
                           .orShould().dependOnClassesThat().areAnnotatedWith(ProcessingGroup.class)
                           .orShould().dependOnClassesThat().resideInAnyPackage("org.springframework.data.mongodb..", "com.mongodb..")
                           .because("web code sends commands and queries through the gateways")
                           .allowEmptyShould(true), // the gateway has no web package of its own
                noClasses().that().resideInAPackage(servicePackage + "..")
                           .should().dependOnClassesThat().resideInAnyPackage(otherServices.stream().map(s -> s + "..").toArray(String[]::new))
                           .because("services talk to each other only through events in the shared store"),
                slices().matching(servicePackage + ".(*)..")
                        .should().beFreeOfCycles()
                        .because("a feature package that depends on another must not be depended on by it: such a pair is one feature"),
                noClasses().that().resideInAPackage(servicePackage + "..")
                           .should().callMethod(java.time.Instant.class, "now")
                           .orShould().callMethod(java.time.Clock.class, "systemUTC")
                           .orShould().callMethod(java.time.Clock.class, "systemDefaultZone")
                           .orShould().callMethod(System.class, "currentTimeMillis")
                           .orShould().callConstructor(java.util.Date.class)
                           .because("time comes from the one injected Clock (or, in an event handler, from the event's timestamp)"),
                noClasses().that().resideInAPackage(servicePackage + "..web..")
                           .should().dependOnClassesThat().resideInAnyPackage(servicePackage + "..command..", servicePackage + "..query..",
                                                                              servicePackage + "..job..")
                           .because("web code reads through the query gateway and writes through the command gateway: of its own "
                                    + "service it sees only the features' api packages (messages and views)")
                           .allowEmptyShould(true),
                codeUnits().that().areAnnotatedWith(CommandHandler.class).or().areAnnotatedWith(QueryHandler.class)
                           .should(handleMessagesFromApiPackages(servicePackage))
                           .allowEmptyShould(true),
                noClasses().that().resideInAPackage(servicePackage + "..api..")
                           .should().beMetaAnnotatedWith(org.springframework.stereotype.Component.class)
                           .because("api packages hold messages and views, which web code may use; a component there "
                                    + "(one that sends commands as the system, say) would be within web code's reach")
                           .allowEmptyShould(true));
    }

    /**
     * A command or query handler takes a message, and a query handler answers with views, that the service
     * declares as top-level types of a feature's {@code api} package (or that come from contracts).
     */
    private static ArchCondition<JavaCodeUnit> handleMessagesFromApiPackages(String servicePackage) {
        return new ArchCondition<>("take messages and answer views that are top-level types of an api package") {
            @Override
            public void check(JavaCodeUnit handler, ConditionEvents events) {
                if (!handler.getOwner().getPackageName().startsWith(servicePackage) || handler.getRawParameterTypes().isEmpty()) {
                    return;
                }
                JavaClass message = handler.getRawParameterTypes().getFirst();
                if (ours(message, servicePackage) && (!inApi(message) || !message.isTopLevelClass())) {
                    events.add(SimpleConditionEvent.violated(handler, handler.getFullName() + " takes " + message.getName()
                            + ", which is not a top-level type of an api package"));
                }
                if (handler.isAnnotatedWith(QueryHandler.class)) {
                    for (JavaClass view : handler.getReturnType().getAllInvolvedRawTypes()) {
                        if (ours(view, servicePackage) && !inApi(view)) {
                            events.add(SimpleConditionEvent.violated(handler, handler.getFullName() + " answers with " + view.getName()
                                    + ", which is not in an api package"));
                        }
                    }
                }
            }
        };
    }

    private static boolean ours(JavaClass type, String servicePackage) {
        return type.getPackageName().equals(servicePackage) || type.getPackageName().startsWith(servicePackage + ".");
    }

    private static boolean inApi(JavaClass type) {
        return type.getPackageName().endsWith(".api") || type.getPackageName().contains(".api.");
    }

    /** Every line under {@code sources}, outside the event store's package, with a literal naming the store's layout. */
    static List<String> eventStoreLayoutNamed(Path sources) {
        if (!Files.isDirectory(sources)) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                if (file.toString().replace('\\', '/').contains(EVENT_STORE_PACKAGE)) {
                    continue;
                }
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher literal = EVENT_STORE_LAYOUT.matcher(lines.get(i));
                    if (literal.find()) {
                        found.add(sources.relativize(file) + ":" + (i + 1) + " names " + literal.group());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }
}
