package io.modelledger.registry.audit.web;

import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.registry.audit.query.AuditStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail (auditors and admins): every event in global order, by subject, and its verification. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditStore audit;

    AuditController(AuditStore audit) {
        this.audit = audit;
    }

    /** Entries in global order after position {@code after}; {@code next} is the cursor of the following page. */
    @GetMapping("/entries")
    AuditStore.Page entries(@RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return audit.page(after, limit);
    }

    /** Entries concerning one subject, e.g. {@code model:fraud} or {@code prompt:support-answer}. */
    @GetMapping("/subjects/{subject}/entries")
    AuditStore.Page subject(@PathVariable @Pattern(regexp = "^(model|prompt|dataset|key):[A-Za-z0-9._-]{1,128}$",
                                                   message = "must be kind:name, e.g. model:fraud") String subject,
                            @RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return audit.subjectPage(subject, after, limit);
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
