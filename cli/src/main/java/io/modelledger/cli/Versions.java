package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "versions", mixinStandardHelpOptions = true, description = "Register and list model versions.",
         subcommands = {Versions.Register.class, Versions.ListVersions.class})
final class Versions {

    @Command(name = "register", description = {"Registers a version of a model.",
            "With a local file as --artifact, its SHA-256 and size are computed and its file:// URI recorded;",
            "with a URI (s3://…, gs://…, https://…), give its --sha256."})
    static final class Register extends Base {
        @Parameters(paramLabel = "MODEL")
        String model;
        @Option(names = "--artifact", required = true, paramLabel = "FILE|URI")
        String artifact;
        @Option(names = "--sha256", paramLabel = "HEX", description = "The artifact's SHA-256 (computed for a local file).")
        String sha256;
        @Option(names = "--framework", required = true, description = "sklearn, pytorch, onnx, xgboost, …")
        String framework;
        @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "A tag; repeatable.")
        Map<String, String> tags = new LinkedHashMap<>();
        @Option(names = "--training-data", paramLabel = "DATASET:VERSION", description = "A training dataset version; repeatable.")
        List<String> trainingData = new ArrayList<>();
        @Option(names = "--validation-data", paramLabel = "DATASET:VERSION", description = "A validation dataset version; repeatable.")
        List<String> validationData = new ArrayList<>();
        @Option(names = "--base-model", paramLabel = "MODEL:VERSION", description = "The version this one was fine-tuned from.")
        String baseModel;
        @Option(names = "--code-repository", paramLabel = "URL")
        String codeRepository;
        @Option(names = "--code-commit", paramLabel = "SHA")
        String codeCommit;
        @Option(names = "--training-run", paramLabel = "ID")
        String trainingRun;
        @Option(names = "--metric", paramLabel = "NAME=VALUE", description = "A training metric; repeatable.")
        Map<String, Double> metrics = new LinkedHashMap<>();
        @Option(names = "--notes")
        String notes;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = object();
            Path file = Path.of(artifact.contains("://") ? "" : artifact);
            if (!artifact.contains("://")) {
                if (!Files.isRegularFile(file)) {
                    throw new ModelLedger.UsageError("--artifact: no file " + artifact + " (or give a URI such as s3://bucket/model.onnx)");
                }
                String computed = io.modelledger.contracts.Sha256.hex(file);
                if (sha256 != null && !sha256.equalsIgnoreCase(computed)) {
                    throw new ModelLedger.UsageError("--sha256 " + sha256 + " is not the SHA-256 of " + artifact + " (" + computed + ")");
                }
                body.put("artifactUri", file.toAbsolutePath().normalize().toUri().toString()).put("sha256", computed)
                    .put("sizeBytes", Files.size(file));
            } else {
                if (sha256 == null) {
                    throw new ModelLedger.UsageError("--sha256 is required with an artifact URI (the CLI cannot read " + artifact + ")");
                }
                body.put("artifactUri", artifact).put("sha256", sha256.toLowerCase(java.util.Locale.ROOT));
            }
            body.put("framework", framework).put("notes", notes);
            body.set("tags", JSON.valueToTree(tags));
            if (!metrics.isEmpty()) {
                body.set("trainingMetrics", JSON.valueToTree(metrics));
            }
            if (!trainingData.isEmpty() || !validationData.isEmpty() || baseModel != null || codeRepository != null || codeCommit != null
                    || trainingRun != null) {
                ObjectNode lineage = body.putObject("lineage");
                lineage.set("trainingData", datasets(trainingData, "--training-data"));
                lineage.set("validationData", datasets(validationData, "--validation-data"));
                if (baseModel != null) {
                    String[] ref = reference(baseModel, "--base-model");
                    lineage.putObject("baseModel").put("model", ref[0]).put("version", Integer.parseInt(ref[1]));
                }
                lineage.put("codeRepository", codeRepository).put("codeCommit", codeCommit).put("trainingRunId", trainingRun);
            }
            JsonNode registered = api().post(Api.path("api", "registry", "models", model, "versions"), body);
            emit(registered, () -> out().println("Registered " + model + " version " + registered.path("version").asInt()
                                                         + " (sha256 " + registered.path("sha256").asText() + ")."));
            return ModelLedger.OK;
        }

        private static ArrayNode datasets(List<String> refs, String option) {
            ArrayNode array = JSON.createArrayNode();
            for (String ref : refs) {
                String[] parts = reference(ref, option);
                array.addObject().put("dataset", parts[0]).put("version", Integer.parseInt(parts[1]));
            }
            return array;
        }
    }

    /** {@code NAME:VERSION}, the version a positive whole number. */
    static String[] reference(String ref, String option) {
        int colon = ref.lastIndexOf(':');
        if (colon <= 0 || !ref.substring(colon + 1).matches("[1-9][0-9]{0,8}")) {
            throw new ModelLedger.UsageError(option + " '" + ref + "' is not NAME:VERSION (e.g. churn-train:3)");
        }
        return new String[]{ref.substring(0, colon), ref.substring(colon + 1)};
    }

    @Command(name = "list", description = "Lists a model's versions.")
    static final class ListVersions extends Base {
        @Parameters(paramLabel = "MODEL")
        String model;

        @Override
        public Integer call() throws Exception {
            JsonNode page = api().get(Api.path("api", "registry", "models", model, "versions") + Api.query("limit", "500"));
            emit(page, () -> {
                Table table = new Table("VERSION", "FRAMEWORK", "SHA-256", "ARTIFACT", "REGISTERED BY", "AT");
                page.path("items").forEach(v -> table.row(text(v, "version"), text(v, "framework"), text(v, "sha256"),
                                                          text(v, "artifactUri"), text(v, "registeredBy"), text(v, "registeredAt")));
                table.print(out());
            });
            return ModelLedger.OK;
        }
    }
}
