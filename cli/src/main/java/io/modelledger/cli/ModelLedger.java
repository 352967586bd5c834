package io.modelledger.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code modelledger}: the platform from a terminal or a CI pipeline. Exit codes: 0 success; 1 a gate failed (a
 * failed verdict, or no verdict under {@code --fail-on-verdict}), a promotion was rejected or expired, or a
 * verification failed; 2 a usage, authentication, authorisation or connection error.
 */
@Command(name = "modelledger", mixinStandardHelpOptions = true, versionProvider = ModelLedger.Version.class,
         description = {"Register, evaluate and gate, promote, audit: ModelLedger from a terminal or a CI pipeline.",
                        "The gateway's URL and an API key come from MODELLEDGER_URL and MODELLEDGER_API_KEY, or from 'modelledger login'."},
         footer = {"", "Exit codes: 0 success; 1 a gate failed, a promotion was rejected or expired, or a verification failed;",
                   "2 a usage, authentication, authorisation or connection error."},
         subcommands = {Login.class, Models.class, Versions.class, Lineage.class, Prompts.class, Eval.class, Promote.class,
                        Audit.class, Telemetry.class, Keys.class, AutoComplete.GenerateCompletion.class})
public final class ModelLedger {

    public static final int OK = 0;
    public static final int GATE_FAILED = 1;
    public static final int ERROR = 2;

    final Map<String, String> env;
    final PrintStream out;
    final PrintStream err;

    private ModelLedger(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, System.getenv(), out, err));
    }

    /** Runs one command line with this environment and these streams; returns the exit code. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine line = commandLine(env, out, err);
        return line.execute(args);
    }

    static CommandLine commandLine(Map<String, String> env, PrintStream out, PrintStream err) {
        CommandLine line = new CommandLine(new ModelLedger(env, out, err));
        line.setOut(new PrintWriter(out, true));
        line.setErr(new PrintWriter(err, true));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine completion = line.getSubcommands().get("generate-completion");
        completion.getCommandSpec().usageMessage().hidden(false)
                  .description("Prints a bash/zsh completion script: source <(modelledger generate-completion)");
        line.setExecutionExceptionHandler((e, command, parsed) -> {
            if (e instanceof Api.ApiException api) {
                err.println("error: " + api.getMessage());
            } else if (e instanceof UsageError usage) {
                err.println("error: " + usage.getMessage());
            } else if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpConnectTimeoutException) {
                err.println("error: cannot reach the platform: " + e);
            } else if (e instanceof java.io.IOException io) {
                err.println("error: " + (io.getMessage() == null ? io.toString() : io.getMessage()));
            } else {
                err.println("error: " + e);
            }
            return ERROR;
        });
        line.setParameterExceptionHandler((e, args) -> {
            err.println("error: " + e.getMessage());
            if (!CommandLine.UnmatchedArgumentException.printSuggestions(e, err)) {
                err.println("Run '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help' for its usage.");
            }
            return ERROR;
        });
        return line;
    }

    /** A mistake in how the command was called that parsing could not catch (a file that does not exist, a bad reference). */
    static final class UsageError extends RuntimeException {
        UsageError(String message) {
            super(message);
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ModelLedger.class.getPackage().getImplementationVersion();
            return new String[]{"modelledger " + (version == null ? "(development build)" : version)};
        }
    }
}
