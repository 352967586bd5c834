package io.modelledger.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Saves the platform's URL and an API key for later commands, after checking that the key works there. */
@Command(name = "login", description = {"Saves the gateway's URL and your API key (mode 0600) for later commands.",
        "The key is read from the terminal without echo, or from standard input with --api-key-stdin; never from the command line."})
final class Login extends Base {

    @Option(names = "--api-key-stdin", description = "Read the key from standard input (for scripts: echo \"$KEY\" | modelledger login --url … --api-key-stdin).")
    boolean fromStdin;

    @Override
    public Integer call() throws Exception {
        String base = url != null ? url : settings().url();
        if (base == null) {
            throw new ModelLedger.UsageError("give the gateway's URL: modelledger login --url http://localhost:8080");
        }
        String key;
        if (fromStdin) {
            key = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } else if (System.console() != null) {
            char[] typed = System.console().readPassword("API key for %s: ", base);
            key = typed == null ? null : new String(typed);
        } else {
            throw new ModelLedger.UsageError("no terminal to type the key in: pipe it with --api-key-stdin");
        }
        if (key == null || key.isBlank()) {
            throw new ModelLedger.UsageError("no API key given");
        }
        key = key.strip();
        // a key is only saved once the gateway accepts it (401 here is exit 2, and nothing is saved)
        new Api(base, key).get("/api/access/whoami");
        Path file = settings().save(base, key);
        ObjectNode saved = object().put("url", base).put("config", file.toString());
        emit(saved, () -> out().println("Saved the URL and key for " + base + " in " + file + " (readable by you only)."));
        return ModelLedger.OK;
    }
}
