package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "lineage", description = "Shows what a model version was built from: datasets (also through its base models), base models and code.")
final class Lineage extends Base {

    @Parameters(index = "0", paramLabel = "MODEL")
    String model;
    @Parameters(index = "1", paramLabel = "VERSION")
    int version;

    @Override
    public Integer call() throws Exception {
        JsonNode lineage = api().get(Api.path("api", "registry", "models", model, "versions", String.valueOf(version), "lineage"));
        emit(lineage, () -> {
            out().println(model + " v" + version);
            lineage.path("baseModels").forEach(b -> out().println("  base model  " + text(b, "model") + " v" + text(b, "version")));
            lineage.path("datasets").forEach(d -> out().println("  " + text(d, "role") + " data  " + text(d, "dataset") + " v" + text(d, "version")
                    + (d.path("via").isObject() ? "  (via " + text(d.get("via"), "model") + " v" + text(d.get("via"), "version") + ")" : "")));
            if (!text(lineage, "codeRepository").isEmpty() || !text(lineage, "codeCommit").isEmpty()) {
                out().println("  code        " + text(lineage, "codeRepository") + " " + text(lineage, "codeCommit"));
            }
            if (!text(lineage, "trainingRunId").isEmpty()) {
                out().println("  training run " + text(lineage, "trainingRunId"));
            }
        });
        return ModelLedger.OK;
    }
}
