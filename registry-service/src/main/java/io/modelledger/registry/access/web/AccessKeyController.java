package io.modelledger.registry.access.web;

import io.modelledger.contracts.access.ApiKeyToken;
import io.modelledger.contracts.access.Roles;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.access.command.ApiKeyId;
import io.modelledger.registry.access.command.IssueApiKey;
import io.modelledger.registry.access.command.RevokeApiKey;
import io.modelledger.registry.access.query.AccessQueries;
import io.modelledger.registry.access.query.ApiKeyCredential;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Future;
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
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

/**
 * API keys: issued and revoked by admins, each step a governance event. A new key is returned once, in
 * the response to its creation; afterwards only its id is known.
 */
@RestController
class AccessKeyController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final SecureRandom random = new SecureRandom();

    AccessKeyController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record IssueKeyRequest(@NotBlank @Size(max = 128) String name,
                           @Size(max = 256) String owner,
                           @NotEmpty List<@Pattern(regexp = "viewer|contributor|approver|ingest|auditor|admin",
                                                   message = "must be one of viewer, contributor, approver, ingest, auditor, admin") String> roles,
                           @Future Instant expiresAt) {
    }

    record IssuedKey(String keyId, String key, String name, String owner, List<String> roles, Instant expiresAt) {
    }

    @PostMapping("/api/access/keys")
    ResponseEntity<IssuedKey> issue(@Valid @RequestBody IssueKeyRequest request) {
        ApiKeyToken key = ApiKeyToken.generate(random);
        List<String> roles = request.roles().stream().distinct().toList();
        commands.sendAndWait(new IssueApiKey(new ApiKeyId(key.keyId()), request.name(), request.owner(), roles,
                                             request.expiresAt(), key.secretSha256()));
        return ResponseEntity.created(URI.create("/api/access/keys/" + key.keyId()))
                             .header("Cache-Control", "no-store")
                             .body(new IssuedKey(key.keyId(), key.reveal(), request.name(), request.owner(), roles,
                                                 request.expiresAt()));
    }

    @GetMapping("/api/access/keys")
    AccessQueries.ApiKeyList list() {
        return queries.query(new AccessQueries.ListApiKeys(), ResponseTypes.instanceOf(AccessQueries.ApiKeyList.class)).join();
    }

    @DeleteMapping("/api/access/keys/{keyId}")
    ResponseEntity<Void> revoke(@PathVariable @Pattern(regexp = "[0-9a-f]{16}") String keyId) {
        commands.sendAndWait(new RevokeApiKey(new ApiKeyId(keyId)));
        return ResponseEntity.noContent().build();
    }

    /** For the gateway only ({@link Roles#INTERNAL}): the stored hash it compares a presented key with. */
    @GetMapping("/internal/access/keys/{keyId}")
    ApiKeyCredential credential(@PathVariable @Pattern(regexp = "[0-9a-f]{16}") String keyId) {
        return queries.query(new AccessQueries.FindApiKeyCredential(keyId),
                             ResponseTypes.optionalInstanceOf(ApiKeyCredential.class))
                      .join()
                      .orElseThrow(() -> new NotFoundException("No key " + keyId));
    }
}
