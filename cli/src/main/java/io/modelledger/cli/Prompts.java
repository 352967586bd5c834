package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

@Command(name = "prompts", mixinStandardHelpOptions = true, description = "Version prompt templates and compare versions.",
         subcommands = {Prompts.Push.class, Prompts.Diff.class, Prompts.Show.class})
final class Prompts {

    /** Registers the prompt when it does not exist yet; returns whether it did. */
    static boolean ensure(Api api, String name, String description) throws IOException {
        try {
            api.get(Api.path("api", "registry", "prompts", name));
            return true;
        } catch (Api.ApiException e) {
            if (e.status != 404) {
                throw e;
            }
        }
        api.post("/api/registry/prompts", object().put("name", name).put("description", description));
        return false;
    }

    private static ObjectNode object() {
        return Api.JSON.createObjectNode();
    }

    /** Registers a version of a prompt; returns the registry's answer (its version and variables). */
    static JsonNode push(Api api, String name, String template, String provider, String model, Map<String, ?> parameters, String message)
            throws IOException {
        ObjectNode body = object().put("template", template).put("targetProvider", provider).put("targetModel", model)
                                  .put("commitMessage", message);
        if (parameters != null && !parameters.isEmpty()) {
            body.set("parameters", Api.JSON.valueToTree(parameters));
        }
        return api.post(Api.path("api", "registry", "prompts", name, "versions"), body);
    }

    @Command(name = "push", description = "Registers a new version of a prompt from a template file (the prompt is created if needed).")
    static final class Push extends Base {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--template", required = true, paramLabel = "FILE", description = "The template, with {{variable}} placeholders.")
        Path template;
        @Option(names = {"--message", "-m"}, required = true, description = "What changed, as in a commit message.")
        String message;
        @Option(names = "--provider", description = "The provider it targets (openai, anthropic, …).")
        String provider;
        @Option(names = "--model", description = "The model it targets (gpt-4o-mini, …).")
        String model;
        @Option(names = "--param", paramLabel = "KEY=VALUE", description = "A model parameter (temperature=0); repeatable. Numbers and booleans are typed.")
        Map<String, String> parameters = new LinkedHashMap<>();

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(template)) {
                throw new ModelLedger.UsageError("--template: no file " + template);
            }
            Map<String, Object> typed = new LinkedHashMap<>();
            parameters.forEach((k, v) -> typed.put(k, typed(v)));
            Api api = api();
            boolean existed = ensure(api, name, null);
            JsonNode pushed = push(api, name, Files.readString(template), provider, model, typed, message);
            emit(pushed, () -> out().println((existed ? "" : "Registered prompt " + name + ". ") + "Pushed " + name + " version "
                                                     + pushed.path("version").asInt() + " (variables: " + pushed.path("variables") + ")."));
            return ModelLedger.OK;
        }

        static Object typed(String value) {
            if (value.equals("true") || value.equals("false")) {
                return Boolean.parseBoolean(value);
            }
            try {
                return value.matches("-?\\d{1,18}") ? (Object) Long.parseLong(value) : (Object) Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return value;
            }
        }
    }

    @Command(name = "diff", description = "Shows what changed between two versions of a prompt: the template as a unified diff, and other fields.")
    static final class Diff extends Base {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Parameters(index = "1", paramLabel = "FROM")
        int from;
        @Parameters(index = "2", paramLabel = "TO")
        int to;

        @Override
        public Integer call() throws Exception {
            JsonNode diff = api().get(Api.path("api", "registry", "prompts", name, "diff")
                                              + Api.query("from", String.valueOf(from), "to", String.valueOf(to)));
            emit(diff, () -> {
                String unified = text(diff, "templateDiff");
                out().println(unified.isEmpty() ? "The templates are the same." : unified);
                diff.path("changedFields").fields().forEachRemaining(f -> out().println(
                        "changed " + f.getKey() + ": " + f.getValue().path(0) + " -> " + f.getValue().path(1)));
            });
            return ModelLedger.OK;
        }
    }

    @Command(name = "show", description = "Shows a prompt version's template and settings (the latest without --version).")
    static final class Show extends Base {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--version", paramLabel = "N")
        Integer version;

        @Override
        public Integer call() throws Exception {
            Api api = api();
            int shown = version != null ? version : api.get(Api.path("api", "registry", "prompts", name)).path("latestVersion").asInt();
            if (shown < 1) {
                throw new ModelLedger.UsageError("prompt " + name + " has no versions yet: modelledger prompts push " + name + " --template FILE -m …");
            }
            JsonNode prompt = api.get(Api.path("api", "registry", "prompts", name, "versions", String.valueOf(shown)));
            emit(prompt, () -> {
                out().println(name + " v" + shown + "  " + text(prompt, "targetProvider") + " " + text(prompt, "targetModel") + "  "
                                      + text(prompt, "commitMessage"));
                out().println(text(prompt, "template"));
            });
            return ModelLedger.OK;
        }
    }
}
