package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** What every command that runs shares: the platform's address and key, and human or {@code --json} output. */
abstract class Base implements Callable<Integer> {

    static final ObjectMapper JSON = Api.JSON;

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    @Option(names = "--json", description = "Print one JSON document (for scripts) instead of tables.")
    boolean json;

    @Option(names = "--url", paramLabel = "URL", description = "The gateway's URL (default: $MODELLEDGER_URL, else the one 'login' saved).")
    String url;

    ModelLedger root() {
        return (ModelLedger) spec.root().userObject();
    }

    PrintStream out() {
        return root().out;
    }

    PrintStream err() {
        return root().err;
    }

    Settings settings() {
        return new Settings(root().env);
    }

    Api api() {
        Settings settings = settings();
        String base = url != null ? url : settings.url();
        if (base == null) {
            throw new ModelLedger.UsageError("no platform URL: set MODELLEDGER_URL, pass --url, or run 'modelledger login'");
        }
        return new Api(base, settings.apiKey(base));
    }

    /** Prints {@code document} as JSON under {@code --json}, else runs the human rendering. */
    void emit(JsonNode document, Runnable human) {
        if (json) {
            out().println(Api.write(document));
        } else {
            human.run();
        }
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isMissingNode() || value.isNull() ? "" : value.isValueNode() ? value.asText() : value.toString();
    }
}
