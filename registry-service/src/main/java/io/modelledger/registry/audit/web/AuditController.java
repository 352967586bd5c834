package io.modelledger.registry.audit.web;

import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.Names;
import io.modelledger.registry.audit.query.AuditEntry;
import io.modelledger.registry.audit.query.AuditStore;
import io.modelledger.registry.audit.query.ModelStateAt;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;

/** The audit trail (auditors and admins): every event in global order, by subject, and its verification. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditStore audit;

    AuditController(AuditStore audit) {
        this.audit = audit;
    }

    /**
     * Entries in global order after position {@code after}, filtered by any combination of subject, actor,
     * event type, service, request, trace and time range; {@code next} is the cursor of the following page.
     */
    @GetMapping("/entries")
    AuditStore.Page entries(@RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                            @RequestParam(required = false) @Size(max = 200) String subject,
                            @RequestParam(required = false) @Size(max = 300) String actor,
                            @RequestParam(required = false) @Pattern(regexp = "^[A-Za-z]{1,100}$") String type,
                            @RequestParam(required = false) @Pattern(regexp = "^[a-z-]{1,64}$") String service,
                            @RequestParam(required = false) @Size(max = 128) String requestId,
                            @RequestParam(required = false) @Pattern(regexp = "^[0-9a-f]{32}$") String traceId,
                            @RequestParam(required = false) Instant from,
                            @RequestParam(required = false) Instant to) {
        return audit.search(new AuditStore.Filter(subject, actor, type, service, requestId, traceId, from, to), after, limit);
    }

    /** Entries concerning one subject, e.g. {@code model:fraud} or {@code prompt:support-answer}. */
    @GetMapping("/subjects/{subject}/entries")
    AuditStore.Page subject(@PathVariable @Pattern(regexp = "^(model|prompt|dataset|key):[A-Za-z0-9._-]{1,128}$",
                                                   message = "must be kind:name, e.g. model:fraud") String subject,
                            @RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return audit.subjectPage(subject, after, limit);
    }

    /** A model as it was at {@code at} (default: now), computed from its audit entries up to that instant. */
    @GetMapping("/models/{name}/state")
    ModelStateAt.State modelState(@PathVariable @Pattern(regexp = Names.NAME) String name,
                                  @RequestParam(required = false) Instant at) {
        Instant until = at == null ? Instant.now() : at;
        List<AuditEntry> entries = audit.all(new AuditStore.Filter("model:" + name, null, null, null, null, null, null,
                                                                   until.plusNanos(1)));
        if (entries.isEmpty()) {
            throw new NotFoundException("The audit trail knows no model '" + name + "'");
        }
        return ModelStateAt.fold(name, until, entries);
    }

    /** The newest link of the chain: its position and hash (the root an export is signed over). */
    @GetMapping("/chain")
    AuditStore.Head chain() {
        return audit.head().orElseThrow(() -> new NotFoundException("The audit trail is empty"));
    }

    /** Recomputes the chain from the event store as it is now and names every event that no longer matches. */
    @GetMapping("/verification")
    AuditStore.Verification verify(@RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int maxBreaks) {
        return audit.verify(maxBreaks);
    }
}
