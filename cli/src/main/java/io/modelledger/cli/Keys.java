package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

@Command(name = "keys", mixinStandardHelpOptions = true, description = "API keys (admins): issue, list, revoke, approve; and make your own privileged key's secret.",
         subcommands = {Keys.Issue.class, Keys.ListKeys.class, Keys.Revoke.class, Keys.Approve.class, Keys.NewSecret.class})
final class Keys {

    @Command(name = "issue", description = {"Issues a key (its secret is shown once).",
            "A key with the approver or admin role is a four-eyes request once there are two admins: its owner makes the secret",
            "('keys new-secret'), you pass --key-id and --secret-sha256, and a second admin approves ('keys approve')."})
    static final class Issue extends Base {
        @Option(names = "--name", required = true)
        String name;
        @Option(names = "--owner", paramLabel = "ACTOR", description = "Who acts with it, e.g. user:carol or ci:release-pipeline.")
        String owner;
        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, contributor, approver, ingest, auditor or admin; repeatable.")
        List<String> roles = new ArrayList<>();
        @Option(names = "--expires", paramLabel = "INSTANT", description = "ISO-8601")
        Instant expires;
        @Option(names = "--bind", paramLabel = "MODEL/ENVIRONMENT", description = "Bind an ingest key to the one deployment it reports for.")
        String bind;
        @Option(names = "--key-id", paramLabel = "HEX16")
        String keyId;
        @Option(names = "--secret-sha256", paramLabel = "HEX64")
        String secretSha256;

        @Override
        public Integer call() throws Exception {
            ObjectNode body = object().put("name", name).put("owner", owner).put("keyId", keyId).put("secretSha256", secretSha256);
            body.set("roles", JSON.valueToTree(roles));
            if (expires != null) {
                body.put("expiresAt", expires.toString());
            }
            if (bind != null) {
                int slash = bind.indexOf('/');
                if (slash <= 0 || slash == bind.length() - 1) {
                    throw new ModelLedger.UsageError("--bind '" + bind + "' is not MODEL/ENVIRONMENT");
                }
                body.putObject("binding").put("model", bind.substring(0, slash)).put("environment", bind.substring(slash + 1));
            }
            Api.Answer answer = api().postForAnswer("/api/access/keys", body);
            JsonNode key = answer.body();
            emit(key, () -> {
                if (answer.status() == 202) {
                    out().println("Requested key " + text(key, "keyId") + " (" + text(key, "status") + "): " + text(key, "detail")
                                          + ". A second admin runs: modelledger keys approve " + text(key, "keyId"));
                } else {
                    out().println("Issued key " + text(key, "keyId") + " for " + text(key, "owner") + " " + key.path("roles") + ".");
                    out().println("The key, shown this once: " + text(key, "key"));
                }
            });
            return ModelLedger.OK;
        }
    }

    @Command(name = "list", description = "Lists keys (never their secrets).")
    static final class ListKeys extends Base {
        @Override
        public Integer call() throws Exception {
            JsonNode keys = api().get("/api/access/keys");
            emit(keys, () -> {
                Table table = new Table("KEY ID", "NAME", "OWNER", "ROLES", "STATUS", "EXPIRES");
                keys.path("items").forEach(k -> table.row(text(k, "keyId"), text(k, "name"), text(k, "owner"),
                                                          String.join(",", JSON.convertValue(k.path("roles"), String[].class)),
                                                          text(k, "status"), text(k, "expiresAt")));
                table.print(out());
            });
            return ModelLedger.OK;
        }
    }

    @Command(name = "revoke", description = "Revokes a key; the gateway refuses it within 2 s.")
    static final class Revoke extends Base {
        @Parameters(paramLabel = "KEY_ID")
        String keyId;

        @Override
        public Integer call() throws Exception {
            api().delete(Api.path("api", "access", "keys", keyId));
            emit(object().put("keyId", keyId).put("status", "revoked"), () -> out().println("Revoked key " + keyId + "."));
            return ModelLedger.OK;
        }
    }

    @Command(name = "approve", description = "Approves another admin's request for an approver or admin key.")
    static final class Approve extends Base {
        @Parameters(paramLabel = "KEY_ID")
        String keyId;

        @Override
        public Integer call() throws Exception {
            JsonNode approved = api().post(Api.path("api", "access", "keys", keyId, "approvals"), null);
            emit(approved, () -> out().println("Approved key " + keyId + ": " + text(approved, "status") + "."));
            return ModelLedger.OK;
        }
    }

    @Command(name = "new-secret", description = {"Makes a key for yourself, offline: prints the key (keep it) and the keyId and secretSha256",
            "an admin passes to 'keys issue'. Nobody else ever sees the secret."})
    static final class NewSecret extends Base {
        @Override
        public Integer call() throws Exception {
            io.modelledger.contracts.access.ApiKeyToken key = io.modelledger.contracts.access.ApiKeyToken.generate(new SecureRandom());
            String keyId = key.keyId();
            String sha = key.secretSha256();
            String secretKey = key.reveal();
            ObjectNode document = object().put("key", secretKey).put("keyId", keyId).put("secretSha256", sha);
            emit(document, () -> {
                out().println("Your key (keep it secret, send it to nobody): " + secretKey);
                out().println("For the admin: modelledger keys issue --name … --owner … --role … --key-id " + keyId + " --secret-sha256 " + sha);
            });
            return ModelLedger.OK;
        }
    }
}
