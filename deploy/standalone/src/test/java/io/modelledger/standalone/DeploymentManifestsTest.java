package io.modelledger.standalone;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment manifests, checked offline: the compose file against the Compose Specification's JSON
 * schema (committed as data), and every kustomize overlay rendered with {@code kubectl kustomize} and read
 * strictly into the Kubernetes object model (fabric8, generated from the API's OpenAPI schema: a
 * misspelt or misplaced field is an error), then held to our rules: probes, resources and a restricted
 * security context on every container, a Service, HPA and PDB per application, and the NetworkPolicy.
 * Without kubectl the overlay checks are skipped, unless {@code MODELLEDGER_REQUIRE_KUBECTL} is set (CI).
 */
class DeploymentManifestsTest {

    private static final Path DEPLOY = Path.of("..").toAbsolutePath().normalize();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private static final List<String> APPLICATIONS = List.of("registry", "eval", "monitor", "gateway");

    @Test
    void theComposeFileConformsToTheComposeSpecification() throws IOException {
        // the schema names itself relatively ("compose_spec.json"); the validator needs an absolute id
        String text = Files.readString(DEPLOY.resolve("compose/schema/compose-spec.json"))
                           .replace("\"$id\": \"compose_spec.json\"", "\"$id\": \"https://compose-spec.io/compose_spec.json\"");
        Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(text, InputFormat.JSON);
        String compose = Files.readString(DEPLOY.resolve("compose/docker-compose.yml"));
        assertThat(schema.validate(resolved(compose), InputFormat.JSON)).isEmpty();
        String broken = compose.replace("restart: unless-stopped", "restart: sometimes").replace("depends_on:", "depends_upon:");
        assertThat(schema.validate(resolved(broken), InputFormat.JSON)).as("the schema catches a broken file").isNotEmpty();
        for (String service : List.of("registry", "eval", "monitor", "gateway", "console", "mongo-init")) {
            assertThat(compose).contains("  " + service + ":");
        }
        assertThat(compose).contains("condition: service_healthy", "--replSet", "rs.initiate");
        assertThat(compose).as("compose refuses to start without the shared gateway key and the audit key")
                           .contains("${MODELLEDGER_GATEWAY_SIGNING_KEY:?", "${MODELLEDGER_AUDIT_SIGNING_KEY:?",
                                     "MODELLEDGER_AUDIT_CHECKPOINTS_FILE: /var/lib/modelledger/audit/");
        assertThat(Files.readString(DEPLOY.resolve("compose/.env"))).contains("MODELLEDGER_IMAGE=");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyOverlayRendersIntoValidManifestsThatFollowOurRules(String overlay) throws Exception {
        String rendered = kustomize(DEPLOY.resolve("k8s/overlays/" + overlay));
        List<HasMetadata> objects = new ArrayList<>();
        for (String document : rendered.split("(?m)^---\\s*$")) {
            if (document.isBlank()) {
                continue;
            }
            KubernetesResource resource = YAML.readValue(document, KubernetesResource.class);
            assertThat(resource).as(document).isInstanceOf(HasMetadata.class);
            assertNoUnknownFields(resource, ((HasMetadata) resource).getKind() + " " + ((HasMetadata) resource).getMetadata().getName());
            objects.add((HasMetadata) resource);
        }
        for (String application : APPLICATIONS) {
            String name = "modelledger-" + application;
            Deployment deployment = find(objects, Deployment.class, name);
            var pod = deployment.getSpec().getTemplate().getSpec();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name + " runs as non-root").isTrue();
            for (Container container : pod.getContainers()) {
                assertThat(container.getReadinessProbe()).as(name + " readiness probe").isNotNull();
                assertThat(container.getLivenessProbe()).as(name + " liveness probe").isNotNull();
                assertThat(container.getResources().getRequests()).as(name + " requests").containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name + " limits").containsKey("memory");
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
            }
            assertThat(deployment.getSpec().getSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", name));
            Service service = find(objects, Service.class, name);
            assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(find(objects, HorizontalPodAutoscaler.class, name).getSpec().getScaleTargetRef().getName()).isEqualTo(name);
            assertThat(find(objects, PodDisruptionBudget.class, name).getSpec().getSelector().getMatchLabels())
                    .isEqualTo(Map.of("app.kubernetes.io/name", name));
        }
        // the console: the same pod rules, one replica (its sessions live in its memory), reached only from the gateway
        Deployment console = find(objects, Deployment.class, "modelledger-console");
        assertThat(console.getSpec().getReplicas()).as("one console replica in " + overlay).isEqualTo(1);
        var consolePod = console.getSpec().getTemplate().getSpec();
        assertThat(consolePod.getSecurityContext().getRunAsNonRoot()).isTrue();
        Container consoleContainer = consolePod.getContainers().get(0);
        assertThat(consoleContainer.getReadinessProbe()).isNotNull();
        assertThat(consoleContainer.getLivenessProbe()).isNotNull();
        assertThat(consoleContainer.getResources().getLimits()).containsKey("memory");
        assertThat(consoleContainer.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(find(objects, Service.class, "modelledger-console").getSpec().getSelector())
                .isEqualTo(Map.of("app.kubernetes.io/name", "modelledger-console"));
        assertThat(objects.stream().filter(o -> o instanceof HorizontalPodAutoscaler h && h.getSpec().getScaleTargetRef().getName()
                .equals("modelledger-console"))).as("no autoscaler adds console replicas").isEmpty();
        assertThat(console.getSpec().getStrategy().getType()).as("never two consoles, not even in a rollout").isEqualTo("Recreate");
        assertThat(find(objects, NetworkPolicy.class, "modelledger-mongodb").getSpec().getIngress().get(0).getFrom().get(0).getPodSelector()
                       .getMatchExpressions()).as("the console reaches no database")
                .anySatisfy(e -> assertThat(e.getKey() + " " + e.getOperator() + " " + e.getValues()).isEqualTo("modelledger.io/tier NotIn [console]"));
        NetworkPolicy consoleIngress = find(objects, NetworkPolicy.class, "modelledger-console");
        assertThat(consoleIngress.getSpec().getIngress()).singleElement().satisfies(rule -> assertThat(rule.getFrom()).singleElement()
                .satisfies(peer -> assertThat(peer.getPodSelector().getMatchLabels()).containsEntry("app.kubernetes.io/name", "modelledger-gateway")));
        assertThat(find(objects, Deployment.class, "modelledger-gateway").getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("MODELLEDGER_SERVICES_CONSOLE=http://modelledger-console:8084"));
        NetworkPolicy services = find(objects, NetworkPolicy.class, "modelledger-services");
        assertThat(services.getSpec().getPodSelector().getMatchLabels()).containsEntry("modelledger.io/tier", "service");
        assertThat(services.getSpec().getIngress().get(0).getFrom().get(0).getPodSelector().getMatchLabels())
                .containsEntry("app.kubernetes.io/name", "modelledger-gateway");
        for (String application : List.of("registry", "eval", "monitor")) {
            assertThat(find(objects, Deployment.class, "modelledger-" + application).getSpec().getTemplate().getMetadata().getLabels())
                    .containsEntry("modelledger.io/tier", "service");
        }
        assertThat(find(objects, StatefulSet.class, "modelledger-mongodb").getSpec().getReplicas()).isEqualTo(3);
        // every gateway replica signs with one key from the Secret, and the audit anchors live outside MongoDB
        assertRequiredSecret(find(objects, Deployment.class, "modelledger-gateway"), "MODELLEDGER_GATEWAY_SIGNING_KEY", "gateway-signing-key");
        Deployment registry = find(objects, Deployment.class, "modelledger-registry");
        assertRequiredSecret(registry, "MODELLEDGER_AUDIT_SIGNING_KEY", "audit-signing-key");
        var registryPod = registry.getSpec().getTemplate().getSpec();
        String checkpoints = registryPod.getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("MODELLEDGER_AUDIT_CHECKPOINTS_FILE")).findFirst().orElseThrow().getValue();
        var mount = registryPod.getContainers().get(0).getVolumeMounts().stream()
                .filter(m -> checkpoints.startsWith(m.getMountPath() + "/")).findFirst().orElseThrow();
        assertThat(registryPod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow()
                              .getPersistentVolumeClaim()).as("checkpoints on a persistent volume").isNotNull();
        assertThat(objects.stream().map(o -> o.getMetadata().getNamespace()).filter(n -> n != null).distinct())
                .as("one namespace per overlay").hasSize(1);
    }

    @Test
    void aMisspeltFieldIsCaught() {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x}
                spec:
                  replicas: 1
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          readinessProbes: {}
                """;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> {
            KubernetesResource resource = YAML.readValue(deployment, KubernetesResource.class);
            assertNoUnknownFields(resource, "Deployment x");
        }).hasMessageContaining("readinessProbes");
    }

    /** The compose file as Compose reads it, anchors, aliases and merge keys resolved (SnakeYAML), as JSON. */
    private static String resolved(String yaml) throws IOException {
        Object document = new org.yaml.snakeyaml.Yaml().load(yaml);
        return new ObjectMapper().writeValueAsString(document);
    }

    private static String kustomize(Path overlay) throws Exception {
        boolean kubectl = new ProcessBuilder("sh", "-c", "command -v kubectl").start().waitFor() == 0;
        if (!kubectl) {
            if (System.getenv("MODELLEDGER_REQUIRE_KUBECTL") != null) {
                throw new IllegalStateException("kubectl is needed to render the kustomize overlays");
            }
            Assumptions.abort("kubectl is not installed: the kustomize overlays are not rendered");
        }
        Process process = new ProcessBuilder("kubectl", "kustomize", overlay.toString()).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(err).isZero();
        return out;
    }

    private static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast).filter(o -> o.getMetadata().getName().equals(name))
                      .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    /** The model keeps fields it does not know in "additional properties": any there is a misspelt or misplaced field. */
    /** The variable comes from the shared Secret, and the pod does not start without it. */
    private static void assertRequiredSecret(Deployment deployment, String variable, String key) {
        for (Container container : deployment.getSpec().getTemplate().getSpec().getContainers()) {
            var ref = container.getEnv().stream().filter(e -> e.getName().equals(variable)).findFirst()
                               .orElseThrow(() -> new AssertionError(deployment.getMetadata().getName() + " has no " + variable))
                               .getValueFrom().getSecretKeyRef();
            assertThat(ref.getName()).as("the shared Secret (an overlay may add its hash suffix)").startsWith("modelledger-secrets");
            assertThat(ref.getKey()).isEqualTo(key);
            assertThat(ref.getOptional()).as(variable + " is required").isNotEqualTo(Boolean.TRUE);
        }
    }

    static void assertNoUnknownFields(Object node, String where) {
        walk(node, where, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    private static void walk(Object node, String where, Set<Object> seen) {
        if (node == null || !seen.add(node)) {
            return;
        }
        if (node instanceof Collection<?> collection) {
            collection.forEach(item -> walk(item, where, seen));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(value -> walk(value, where, seen));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.")) {
            return;
        }
        for (Method method : node.getClass().getMethods()) {
            if (method.getParameterCount() != 0 || !method.getName().startsWith("get") || method.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = method.invoke(node);
                if (method.getName().equals("getAdditionalProperties")) {
                    if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        throw new AssertionError(where + ": unknown field(s) " + extra.keySet() + " in " + node.getClass().getSimpleName());
                    }
                } else {
                    walk(value, where, seen);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
