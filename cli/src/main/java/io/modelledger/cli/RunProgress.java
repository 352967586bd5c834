package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Set;

/** Follows a run until it finishes, drawing its progress on stderr (a bar on a terminal, a line per tenth in a CI log). */
final class RunProgress {

    static final Set<String> FINISHED = Set.of("completed", "failed", "cancelled");
    private static final int WIDTH = 30;

    private final Api api;
    private final PrintStream err;
    private final boolean terminal = terminal();

    /** Whether stderr is a terminal (a bar redrawn in place) rather than a CI log (a line per tenth). */
    static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // JDK 22+: a console object exists even when the streams are redirected; isTerminal tells
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // JDK 21: a console exists only on a terminal
        }
    }

    RunProgress(Api api, PrintStream err) {
        this.api = api;
        this.err = err;
    }

    /** The finished run, or null when it is still running after {@code timeout}. */
    JsonNode await(String runId, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long started = System.nanoTime();
        int lastTenth = -1;
        long pause = 200;
        int hiccups = 0;
        while (true) {
            JsonNode run;
            try {
                run = api.get(Api.path("api", "eval", "runs", runId));
                hiccups = 0;
            } catch (Api.ApiException | IOException e) {
                // a gateway restart or a dropped connection during a long run is waited out, not a failed job
                boolean transientError = !(e instanceof Api.ApiException api) || api.status == 429 || api.status >= 500;
                if (!transientError || ++hiccups > 10 || System.nanoTime() > deadline) {
                    throw e;
                }
                err.println("(" + (e.getMessage() == null ? e : e.getMessage().lines().findFirst().orElse("")) + "; asking again)");
                Thread.sleep(Math.min(10_000, 500L * hiccups));
                continue;
            }
            int total = Math.max(1, run.path("caseCount").asInt());
            int done = run.path("casesDone").asInt();
            int failed = run.path("casesFailed").asInt();
            double elapsed = (System.nanoTime() - started) / 1e9;
            boolean finished = FINISHED.contains(run.path("status").asText());
            int tenth = done * 10 / total;
            if (terminal) {
                int filled = done * WIDTH / total;
                err.printf("\r[%s%s] %d/%d cases, %d failed, %.1fs ", "#".repeat(filled), ".".repeat(WIDTH - filled), done, total, failed, elapsed);
                if (finished) {
                    err.println();
                }
            } else if (tenth != lastTenth || finished) {
                err.printf("run %s: %d/%d cases, %d failed, %.1fs%n", runId, done, total, failed, elapsed);
                lastTenth = tenth;
            }
            if (finished) {
                return run;
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
            Thread.sleep(pause);
            pause = Math.min(2_000, pause * 3 / 2);
        }
    }
}
