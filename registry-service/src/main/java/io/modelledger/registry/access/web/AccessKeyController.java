package io.modelledger.registry.access.web;

import io.modelledger.contracts.access.ApiKeyToken;
import io.modelledger.contracts.Names;
import io.modelledger.contracts.access.Roles;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.access.api.ApiKeyId;
import io.modelledger.registry.access.api.ApiKeyList;
import io.modelledger.registry.access.api.ApiKeyRequestList;
import io.modelledger.registry.access.api.ListApiKeyRequests;
import io.modelledger.registry.access.api.ApproveApiKeyIssuance;
import io.modelledger.registry.access.api.FindApiKeyCredential;
import io.modelledger.registry.access.api.ListApiKeys;
import io.modelledger.registry.access.api.RequestApiKeyIssuance;
import io.modelledger.registry.governance.GovernanceSettings;
import io.modelledger.registry.access.api.IssueApiKey;
import io.modelledger.registry.access.api.RevokeApiKey;
import io.modelledger.registry.access.api.ApiKeyCredential;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.List;

/**
 * API keys: issued and revoked by admins, each step a governance event. A new key is returned once, in
 * the response to its creation; afterwards only its id is known.
 */
@RestController
class AccessKeyController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private static final Set<String> PRIVILEGED = Set.of(Roles.APPROVER, Roles.ADMIN);

    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final GovernanceSettings settings;

    private final io.modelledger.platform.projection.ProjectionGate gate;

    AccessKeyController(CommandGateway commands, QueryGateway queries, GovernanceSettings settings,
                        io.modelledger.platform.projection.ProjectionGate gate, Clock clock) {
        this.clock = clock;
        this.gate = gate;
        this.commands = commands;
        this.queries = queries;
        this.settings = settings;
    }

    record IssueKeyRequest(@NotBlank @Size(max = 128) String name,
                           @Size(max = 256)
                           @Pattern(regexp = "^(?!system:)(?!anonymous$)[^\\p{Cntrl}]+$",
                                    message = "must not name a system actor ('system:…', 'anonymous') nor hold control characters")
                           String owner,
                           @Pattern(regexp = "[0-9a-f]{16}", message = "must be 16 lowercase hex digits") String keyId,
                           @Pattern(regexp = "[0-9a-f]{64}", message = "must be the hex SHA-256 of the key's secret") String secretSha256,
                           @NotEmpty List<@Pattern(regexp = "viewer|contributor|approver|ingest|auditor|admin",
                                                   message = "must be one of viewer, contributor, approver, ingest, auditor, admin") String> roles,
                           @Future Instant expiresAt, @Valid Binding binding) {
    }

    /** The one deployment an ingest key may send telemetry for; only such keys' telemetry is canary evidence. */
    record Binding(@NotBlank @Pattern(regexp = Names.NAME, message = Names.NAME_MESSAGE) String model,
                   @NotBlank @Pattern(regexp = Names.LABEL, message = Names.LABEL_MESSAGE) String environment) {
    }

    record IssuedKey(String keyId, String key, String name, String owner, List<String> roles, Instant expiresAt, Binding binding) {
    }

    record PendingKey(String keyId, String status, String name, String owner, List<String> roles, Instant expiresAt,
                      Instant requestExpiresAt, String detail) {
    }

    /**
     * Issues a key (201, the key shown once). A key with a privileged role (approver, admin) is a
     * four-eyes request once the installation has two admins: 202 and no key, until a different admin
     * approves it. Before that, the bootstrap admin may create the second admin alone.
     */
    @PostMapping("/api/access/keys")
    ResponseEntity<?> issue(@Valid @RequestBody IssueKeyRequest request) {
        List<String> roles = request.roles().stream().distinct().toList();
        if (request.binding() != null && !roles.equals(List.of(Roles.INGEST))) {
            throw new FieldException("binding", "only a key with the ingest role alone can be bound to a deployment");
        }
        if (roles.stream().anyMatch(PRIVILEGED::contains) && adminsEver() >= 2) {
            // the owner made the key: only its id and the hash of its secret travel, so neither admin ever holds it
            if (request.keyId() == null || request.secretSha256() == null) {
                throw new FieldException("secretSha256", "a key with the approver or admin role is made by its owner: send its "
                        + "keyId and the SHA-256 of its secret (see the README); neither admin ever sees the secret");
            }
            Instant requestExpiresAt = clock.instant().plus(settings.changeTtl());
            commands.sendAndWait(new RequestApiKeyIssuance(new ApiKeyId(request.keyId()), request.name(), request.owner(),
                                                           roles, request.expiresAt(), requestExpiresAt, request.secretSha256()));
            return ResponseEntity.accepted().location(URI.create("/api/access/keys/" + request.keyId() + "/approvals"))
                                 .body(new PendingKey(request.keyId(), "pending", request.name(), request.owner(), roles,
                                                      request.expiresAt(), requestExpiresAt,
                                                      "a key with the approver or admin role works once a second admin approves it"));
        }
        ApiKeyToken key = ApiKeyToken.generate(random);
        Binding binding = request.binding();
        commands.sendAndWait(new IssueApiKey(new ApiKeyId(key.keyId()), request.name(), request.owner(), roles,
                                             request.expiresAt(), key.secretSha256(), binding == null ? null : binding.model(),
                                             binding == null ? null : binding.environment()));
        // answered once the gateway can find the key (or after 2 s): a key used right after its issuance is not refused
        awaitReadModel(credential -> true, key.keyId());
        return ResponseEntity.created(URI.create("/api/access/keys/" + key.keyId()))
                             .header("Cache-Control", "no-store")
                             .body(new IssuedKey(key.keyId(), key.reveal(), request.name(), request.owner(), roles,
                                                 request.expiresAt(), binding));
    }

    record ApprovedKey(String keyId, String status) {
    }

    /** A second admin approves a privileged key request: the owner's key works from now on. */
    @PostMapping("/api/access/keys/{keyId}/approvals")
    ResponseEntity<ApprovedKey> approve(@PathVariable @Pattern(regexp = "[0-9a-f]{16}") String keyId) {
        commands.sendAndWait(new ApproveApiKeyIssuance(new ApiKeyId(keyId), clock.instant()));
        awaitReadModel(credential -> true, keyId);
        return ResponseEntity.created(URI.create("/api/access/keys/" + keyId)).body(new ApprovedKey(keyId, "issued"));
    }

    /**
     * Distinct people who have ever held an admin key. Once two have, privileged keys stay four-eyes for
     * good: revoking the other admin's keys does not bring back the bootstrap admin's single say.
     */
    private long adminsEver() {
        return list().items().stream()
                     .filter(k -> k.roles().contains(Roles.ADMIN))
                     .map(k -> k.owner() == null ? "key:" + k.keyId() : k.owner())
                     .distinct().count();
    }

    record Caller(String actor, List<String> roles, String authMethod, String credential) {
    }

    /** Who the caller is, as the gateway vouched for them: any key may ask (a login checks its key with it). */
    @GetMapping("/api/access/whoami")
    Caller whoami() {
        var metadata = io.modelledger.platform.metadata.RequestMetadata.current().orElseThrow();
        List<String> roles = metadata.actorRoles() == null || metadata.actorRoles().isBlank() ? List.of()
                : java.util.Arrays.stream(metadata.actorRoles().split("[ ,]+")).map(String::strip).filter(r -> !r.isEmpty()).sorted().toList();
        return new Caller(metadata.actor(), roles, metadata.authMethod(), metadata.credential());
    }

    @GetMapping("/api/access/keys")
    ApiKeyList list() {
        return queries.query(new ListApiKeys(), ResponseTypes.instanceOf(ApiKeyList.class)).join();
    }

    /** Requests for privileged keys in one status ({@code pending} by default: a second admin's inbox), newest first. */
    @GetMapping("/api/access/key-requests")
    ApiKeyRequestList requests(@RequestParam(defaultValue = "pending") @Pattern(regexp = "^(pending|approved|expired|withdrawn)$",
                                                                           message = "must be pending, approved, expired or withdrawn") String status,
                               @RequestParam(defaultValue = "100") @Min(1) @Max(500) int limit) {
        return queries.query(new ListApiKeyRequests(status, clock.instant(), limit), ResponseTypes.instanceOf(ApiKeyRequestList.class)).join();
    }

    @DeleteMapping("/api/access/keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable @Pattern(regexp = "[0-9a-f]{16}") String keyId) {
        commands.sendAndWait(new RevokeApiKey(new ApiKeyId(keyId)));
        // answered once the key read model shows the revocation (or after 2 s), so from the answer on only the
        // gateway's cache (1.5 s) stands between the revocation and the key's refusal, on any replica
        awaitReadModel(ApiKeyCredential::revoked, keyId);
        return ResponseEntity.noContent().build();
    }

    /**
     * Waits up to 2 s until the key read model holds the key as {@code shown} says: what the gateway checks follows the
     * answer. The command has succeeded by then, so nothing here may fail the answer: a stopped or replaying key read model
     * (the gateway then refuses every key but an admin's with 503; admins' keys stay usable so that an admin can repair it,
     * so a revoked admin key works until the read model moves on) is not waited for, and a failing query ends the wait.
     */
    private void awaitReadModel(java.util.function.Predicate<ApiKeyCredential> shown, String keyId) {
        io.modelledger.platform.projection.ReadAfterWrite.await(gate, io.modelledger.registry.access.api.ReadModels.API_KEYS,
                                                                () -> queries.query(new FindApiKeyCredential(keyId),
                ResponseTypes.optionalInstanceOf(ApiKeyCredential.class)).join().map(shown::test).orElse(false));
    }

    /** For the gateway only ({@link Roles#INTERNAL}): the stored hash it compares a presented key with. */
    @GetMapping("/internal/access/keys/{keyId}")
    ApiKeyCredential credential(@PathVariable @Pattern(regexp = "[0-9a-f]{16}") String keyId) {
        ApiKeyCredential credential = queries.query(new FindApiKeyCredential(keyId),
                                                    ResponseTypes.optionalInstanceOf(ApiKeyCredential.class))
                                             .join()
                                             .orElse(null);
        if (credential == null) {
            // while an admin replays the key read model it is rebuilt from empty: an unknown key may only be
            // not yet replayed, so it is neither yes nor no (503, the gateway says "retry") rather than a 401
            gate.requireNotReplaying(io.modelledger.registry.access.api.ReadModels.API_KEYS);
            throw new NotFoundException("No key " + keyId);
        }
        // fails closed while the key read model is stopped (a revocation could be held behind the failing event),
        // except for admins, who must be able to repair it; not while it catches up, which after a crash can
        // take the gap timeout and would lock everyone out
        if (!credential.roles().contains(Roles.ADMIN)) {
            gate.requireRunning(io.modelledger.registry.access.api.ReadModels.API_KEYS);
        }
        return credential;
    }
}
