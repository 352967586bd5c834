package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "models", mixinStandardHelpOptions = true, description = "Register, list and show models.",
         subcommands = {Models.Register.class, Models.ListModels.class, Models.Show.class})
final class Models {

    @Command(name = "register", description = "Registers a model (its versions come with 'versions register').")
    static final class Register extends Base {
        @Parameters(paramLabel = "NAME", description = "The model's name.")
        String name;
        @Option(names = "--description")
        String description;
        @Option(names = "--owner-team", paramLabel = "TEAM")
        String ownerTeam;
        @Option(names = "--task-type", paramLabel = "TYPE", description = "classification, regression, ranking, generation, … (default: other)")
        String taskType;
        @Option(names = "--risk-tier", paramLabel = "TIER", description = "low, medium, high or critical")
        String riskTier;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            ObjectNode body = object().put("name", name);
            body.put("description", description).put("ownerTeam", ownerTeam).put("taskType", taskType).put("riskTier", riskTier);
            body.set("tags", JSON.valueToTree(tags));
            JsonNode registered = api().post("/api/registry/models", body);
            emit(registered, () -> out().println("Registered model " + name + "."));
            return ModelLedger.OK;
        }
    }

    @Command(name = "list", description = "Lists models, filtered.")
    static final class ListModels extends Base {
        @Option(names = "--query", paramLabel = "TEXT", description = "Words in the name or description.")
        String q;
        @Option(names = "--owner", paramLabel = "TEAM")
        String owner;
        @Option(names = "--alias", paramLabel = "ALIAS", description = "Only models with this alias.")
        String alias;
        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() throws Exception {
            JsonNode page = api().get("/api/registry/models" + Api.query("q", q, "owner", owner, "alias", alias,
                                                                          "limit", String.valueOf(limit)));
            emit(page, () -> {
                Table table = new Table("NAME", "VERSIONS", "OWNER", "RISK", "DESCRIPTION");
                page.path("items").forEach(m -> table.row(text(m, "name"), text(m, "latestVersion"), text(m, "ownerTeam"),
                                                          text(m, "riskTier"), text(m, "description")));
                if (table.isEmpty()) {
                    out().println("No models yet: register one with 'modelledger models register NAME'.");
                } else {
                    table.print(out());
                }
            });
            return ModelLedger.OK;
        }
    }

    @Command(name = "show", description = "Shows a model: its details, aliases and latest versions.")
    static final class Show extends Base {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() throws Exception {
            Api api = api();
            JsonNode model = api.get(Api.path("api", "registry", "models", name));
            JsonNode versions = api.get(Api.path("api", "registry", "models", name, "versions") + Api.query("limit", "500"));
            ObjectNode shown = object();
            shown.set("model", model);
            shown.set("versions", versions.path("items"));
            emit(shown, () -> {
                out().println(text(model, "name") + (text(model, "description").isEmpty() ? "" : ": " + text(model, "description")));
                out().println("  owner " + text(model, "ownerTeam") + ", task " + text(model, "taskType") + ", risk "
                                      + text(model, "riskTier") + (model.path("archived").asBoolean() ? ", archived" : ""));
                if (model.path("aliases").size() > 0) {
                    Table aliases = new Table("ALIAS", "VERSION");
                    model.path("aliases").fields().forEachRemaining(a -> aliases.row(a.getKey(), a.getValue().asText()));
                    out().println();
                    aliases.print(out());
                }
                Table table = new Table("VERSION", "FRAMEWORK", "SHA-256", "ARTIFACT", "REGISTERED");
                versions.path("items").forEach(v -> table.row(text(v, "version") + (v.path("deprecated").asBoolean() ? " (deprecated)" : ""),
                                                              text(v, "framework"), text(v, "sha256").substring(0, Math.min(12, text(v, "sha256").length())),
                                                              text(v, "artifactUri"), text(v, "registeredAt")));
                out().println();
                if (table.isEmpty()) {
                    out().println("No versions yet: modelledger versions register " + name + " --artifact FILE --framework F");
                } else {
                    table.print(out());
                }
            });
            return ModelLedger.OK;
        }
    }
}
