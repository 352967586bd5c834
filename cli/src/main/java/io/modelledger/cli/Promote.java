package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;

@Command(name = "promote", mixinStandardHelpOptions = true,
         description = {"Promotions: move an alias to a version through its policy's gates and four-eyes approval.",
                        "A promotion is named by model:NAME:ID (or prompt:NAME:ID), as 'promote request' prints it,",
                        "or by its ID with --model NAME / --prompt NAME."},
         subcommands = {Promote.Request.class, Promote.Approve.class, Promote.Reject.class, Promote.Status.class})
final class Promote {

    /** Whether the subject is a model or a prompt, and its name. */
    static final class Subject {
        @Option(names = "--model", paramLabel = "NAME", description = "The model the promotion belongs to.")
        String model;
        @Option(names = "--prompt", paramLabel = "NAME", description = "The prompt the promotion belongs to.")
        String prompt;
    }

    /** The API path of a promotion (or, with a null id, of the subject's promotions) and its printable reference. */
    record Target(String kind, String name, String id) {

        static Target of(String reference, Subject subject) {
            String[] parts = reference.split(":", -1);
            if (parts.length == 3 && (parts[0].equals("model") || parts[0].equals("prompt"))) {
                return new Target(parts[0], parts[1], parts[2]);
            }
            if (subject == null || (subject.model == null) == (subject.prompt == null)) {
                throw new ModelLedger.UsageError("name the promotion as model:NAME:ID (or prompt:NAME:ID), or give --model NAME or --prompt NAME");
            }
            return subject.model != null ? new Target("model", subject.model, reference) : new Target("prompt", subject.prompt, reference);
        }

        String path() {
            return Api.path("api", "registry", kind + "s", name, "promotions") + (id == null ? "" : Api.path(id));
        }

        String reference() {
            return kind + ":" + name + ":" + id;
        }
    }

    static void print(Base command, JsonNode promotion, Target target) {
        String status = promotion.path("status").asText();
        command.out().println("Promotion " + target.reference() + ": " + status
                                      + ("pending".equals(status) ? " (" + promotion.path("approvals").asInt(promotion.path("approvers").size()) + " of "
                + promotion.path("requiredApprovals").asInt() + " approvals)" : ""));
        promotion.path("reasons").forEach(r -> command.out().println("  - " + r.asText()));
        promotion.path("evidence").fields().forEachRemaining(e -> command.out().println("  evidence " + e.getKey() + ": " + e.getValue().asText()));
    }

    /** 0 when the promotion completed; 1 when it was rejected or expired; 0 while it is still pending. */
    static int exit(JsonNode promotion) {
        String status = promotion.path("status").asText();
        return "rejected".equals(status) || "expired".equals(status) ? ModelLedger.GATE_FAILED : ModelLedger.OK;
    }

    @Command(name = "request", description = {"Requests the promotion of a version to an alias. The policy's gates are checked now;",
            "with --wait, waits for the approvals. Exits 1 when it is rejected (by a gate or an approver) or expires."})
    static final class Request extends Base {
        @Parameters(paramLabel = "NAME", description = "The model (or, with --prompt, the prompt).")
        String name;
        @Option(names = "--prompt", description = "NAME is a prompt, not a model.")
        boolean prompt;
        @Option(names = "--version", required = true, paramLabel = "N")
        int version;
        @Option(names = "--alias", required = true, paramLabel = "ALIAS", description = "e.g. production, or production-canary for a canary grant.")
        String alias;
        @Option(names = "--wait", description = "Wait until the promotion is decided.")
        boolean await;
        @Option(names = "--timeout", defaultValue = "PT24H", paramLabel = "DURATION", description = "How long --wait waits (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration timeout;

        @Override
        public Integer call() throws Exception {
            Api api = api();
            Target subject = new Target(prompt ? "prompt" : "model", name, null);
            JsonNode outcome = api.post(subject.path(), object().put("version", version).put("alias", alias));
            Target target = new Target(subject.kind(), name, outcome.path("promotionId").asText());
            JsonNode decided = outcome;
            if (await && "pending".equals(outcome.path("status").asText())) {
                err().println("Waiting for approval of " + target.reference() + " (an approver runs: modelledger promote approve " + target.reference() + ")");
                decided = waitForDecision(api, target, timeout);
                if (decided == null) {
                    err().println("error: " + target.reference() + " is still pending after " + timeout);
                    return ModelLedger.ERROR;
                }
            }
            ObjectNode document = decided.deepCopy();
            document.put("reference", target.reference());
            JsonNode shown = decided;
            emit(document, () -> print(this, shown, target));
            return exit(decided);
        }

        private static JsonNode waitForDecision(Api api, Target target, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            long pause = 500;
            while (System.nanoTime() < deadline) {
                try {
                    JsonNode promotion = api.get(target.path());
                    if (!"pending".equals(promotion.path("status").asText())) {
                        return promotion;
                    }
                } catch (Api.ApiException e) {
                    if (e.status != 404) { // the read model may not show a promotion made a moment ago
                        throw e;
                    }
                }
                Thread.sleep(pause);
                pause = Math.min(5_000, pause * 3 / 2);
            }
            return null;
        }
    }

    /** A command about one promotion, named by its reference or by its id and subject. */
    abstract static class OnePromotion extends Base {
        @Parameters(paramLabel = "PROMOTION", description = "model:NAME:ID, or the ID with --model/--prompt")
        String reference;
        @ArgGroup(exclusive = true)
        Subject subject;

        Target target() {
            return Target.of(reference, subject);
        }
    }

    @Command(name = "approve", description = "Approves a pending promotion (approvers only; never your own request). The gates are checked again.")
    static final class Approve extends OnePromotion {

        @Override
        public Integer call() throws Exception {
            Target target = target();
            JsonNode outcome = api().post(target.path() + "/approvals", null);
            ObjectNode document = outcome.deepCopy();
            document.put("reference", target.reference());
            emit(document, () -> print(this, outcome, target));
            return exit(outcome);
        }
    }

    @Command(name = "reject", description = "Rejects a pending promotion, with a reason.")
    static final class Reject extends OnePromotion {
        @Option(names = "--reason", required = true)
        String reason;

        @Override
        public Integer call() throws Exception {
            Target target = target();
            Api api = api();
            api.post(target.path() + "/rejections", object().put("reason", reason));
            ObjectNode document = object().put("reference", target.reference()).put("status", "rejected").put("reason", reason);
            emit(document, () -> out().println("Rejected " + target.reference() + "."));
            return ModelLedger.OK;
        }
    }

    @Command(name = "status", description = "Shows a promotion: its status, approvers, reasons and evidence. Exits 1 if it was rejected or expired.")
    static final class Status extends OnePromotion {

        @Override
        public Integer call() throws Exception {
            Target target = target();
            JsonNode promotion = api().get(target.path());
            emit(promotion, () -> {
                print(this, promotion, target);
                out().println("  version " + promotion.path("version").asInt() + " -> " + text(promotion, "alias") + ", requested by "
                                      + text(promotion, "requestedBy") + " at " + text(promotion, "requestedAt")
                                      + (promotion.path("approvers").isEmpty() ? "" : ", approved by " + promotion.path("approvers")));
            });
            return exit(promotion);
        }
    }
}
