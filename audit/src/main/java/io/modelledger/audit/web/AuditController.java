package io.modelledger.audit.web;

import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditExported;
import io.modelledger.platform.metadata.RequestMetadata;
import io.modelledger.contracts.Names;
import io.modelledger.audit.query.AuditSigningKey;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import io.modelledger.audit.query.AuditEntries;
import io.modelledger.audit.query.AuditIndex;
import io.modelledger.audit.query.AuditVerification;
import io.modelledger.audit.query.Dossier;
import io.modelledger.audit.query.ModelStateAt;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** The audit trail (auditors and admins): every event in global order, by subject, and its verification. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final AuditIndex index;
    private final AuditEntries entries;
    private final AuditVerification verification;
    private final AuditSigningKey signingKey;
    private final io.modelledger.audit.query.AuditCheckpointSink checkpoints;
    private final EventGateway events;

    private final Clock clock;

    AuditController(AuditIndex index, AuditEntries entries, AuditVerification verification, AuditSigningKey signingKey,
                    EventGateway events, io.modelledger.audit.query.AuditCheckpointSink checkpoints, Clock clock) {
        this.clock = clock;
        this.checkpoints = checkpoints;
        this.index = index;
        this.entries = entries;
        this.verification = verification;
        this.signingKey = signingKey;
        this.events = events;
    }

    record PublicKeyView(String keyId, String algorithm, String publicKey) {
    }

    /** The key that checks exports offline (base64 X.509 Ed25519). */
    @GetMapping("/public-key")
    PublicKeyView publicKey() {
        return new PublicKeyView(signingKey.keyId(), "Ed25519", signingKey.publicKeyBase64());
    }

    /**
     * A signed compliance bundle of the entries matching the filter, streamed (nothing is held in memory but one
     * page). The export itself is recorded in the governance log.
     */
    @GetMapping(value = "/exports", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) @Size(max = 200) String subject,
                                                 @RequestParam(required = false) Instant from,
                                                 @RequestParam(required = false) Instant to) {
        Export export = Export.of(subject, from, to);
        StreamingResponseBody body = out -> {
            try (AuditBundle.Writer writer = new AuditBundle.Writer(out)) {
                forEachExported(export.filter(), writer::write);
                AuditBundle.Manifest manifest = writer.finish(clock.instant().toString(), export.exporter(), export.scope(),
                                                              export.filter().equals(AuditIndex.Filter.NONE),
                                                              signingKey.keyId(), signingKey.privateKey());
                recorded(export, "json", manifest.count(), manifest.bundleHash());
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("Could not sign the export", e);
            }
        };
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"modelledger-audit.json\"").body(body);
    }

    /** The same entries as CSV, one row per entry, streamed; recorded in the governance log like any export. */
    @GetMapping(value = "/exports.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> exportCsv(@RequestParam(required = false) @Size(max = 200) String subject,
                                                    @RequestParam(required = false) Instant from,
                                                    @RequestParam(required = false) Instant to) {
        Export export = Export.of(subject, from, to);
        StreamingResponseBody body = out -> {
            long[] count = {0};
            String[] last = {null};
            var writer = new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
            try (CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader("position", "timestamp", "type", "service", "subject",
                    "actor", "reason", "requestId", "traceId", "eventId", "aggregateId", "sequenceNumber", "payload",
                    "previousHash", "hash").get().print(writer)) {
                forEachExported(export.filter(), e -> {
                    csv.printRecord(Stream.of(e.position(), e.timestamp(), e.type(), e.service(), e.subject(), e.actor(), e.reason(),
                                              e.requestId(), e.traceId(), e.eventId(), e.aggregateId(), e.sequenceNumber(), e.payload(),
                                              e.previousHash(), e.hash()).map(SpreadsheetCells::neutralise).toList());
                    count[0]++;
                    last[0] = e.hash();
                });
            }
            recorded(export, "csv", count[0], last[0]);
        };
        return ResponseEntity.ok().header("Content-Disposition", "attachment; filename=\"modelledger-audit.csv\"").body(body);
    }

    /** What an export covers, and who asked for it (read on the request's thread, before the body streams). */
    private record Export(AuditIndex.Filter filter, String scope, String exporter, Map<String, Object> metadata) {

        static Export of(String subject, Instant from, Instant to) {
            return new Export(new AuditIndex.Filter(subject, null, null, null, null, null, from, to),
                              (subject == null ? "all" : subject) + (from == null ? "" : " from " + from) + (to == null ? "" : " to " + to),
                              RequestMetadata.current().map(RequestMetadata::actor).orElse("unknown"),
                              RequestMetadata.current().map(RequestMetadata::asMap).orElse(Map.of()));
        }
    }

    /** Every export is itself recorded in the governance log, with its size and the hash that closes it. */
    private void recorded(Export export, String format, long count, String hash) {
        events.publish(GenericEventMessage.asEventMessage(new AuditExported(export.scope(), format, count, hash))
                                          .andMetaData(export.metadata()));
    }

    private interface EntrySink {
        void accept(AuditEntry entry) throws java.io.IOException;
    }

    /**
     * The entries an export holds, as stored now: the whole trail in chain order (so every link can be
     * checked, a late event where it was appended), or the entries matching a filter in store order.
     */
    private void forEachExported(AuditIndex.Filter filter, EntrySink sink) throws java.io.IOException {
        if (filter.equals(AuditIndex.Filter.NONE)) {
            AuditEntries.Head head = entries.head().orElse(null);
            for (long from = 1; head != null && from <= head.sequence(); from += 500) {
                for (AuditEntry entry : entries.asStoredNow(entries.chainWindow(head, from, Math.min(head.sequence(), from + 499)))) {
                    sink.accept(entry);
                }
            }
            return;
        }
        AuditIndex.Page page = index.search(filter, 0, 500);
        while (true) {
            for (AuditEntry entry : entries.asStoredNow(page.items())) {
                sink.accept(entry);
            }
            if (page.next() == null) {
                return;
            }
            page = index.search(filter, page.next(), 500);
        }
    }

    /** Checks an uploaded bundle with the platform's public key, as the offline verifier does. */
    @PostMapping(value = "/verifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    AuditBundle.Result verifyBundle(HttpServletRequest request) throws java.io.IOException {
        AuditBundle.Result result;
        try {
            result = AuditBundle.verify(request.getInputStream(), signingKey.publicKey());
        } catch (com.fasterxml.jackson.core.JacksonException unreadable) { // the upload's fault, not ours
            throw new io.modelledger.platform.domain.FieldException("body", "not an audit bundle: not valid JSON");
        }
        if (!result.valid() && result.checked() == 0 && result.manifest() == null) { // nothing of a bundle in it
            throw new io.modelledger.platform.domain.FieldException("body", "not an audit bundle: " + result.problem());
        }
        return result;
    }

    /**
     * Entries in global order after position {@code after}, filtered by any combination of subject, actor,
     * event type, service, request, trace and time range; {@code next} is the cursor of the following page.
     */
    @GetMapping("/entries")
    AuditIndex.Page entries(@RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                            @RequestParam(required = false) @Size(max = 200) String subject,
                            @RequestParam(required = false) @Size(max = 300) String actor,
                            @RequestParam(required = false) @Pattern(regexp = "^[A-Za-z]{1,100}$") String type,
                            @RequestParam(required = false) @Pattern(regexp = "^[a-z-]{1,64}$") String service,
                            @RequestParam(required = false) @Size(max = 128) String requestId,
                            @RequestParam(required = false) @Pattern(regexp = "^[0-9a-f]{32}$") String traceId,
                            @RequestParam(required = false) Instant from,
                            @RequestParam(required = false) Instant to) {
        return index.search(new AuditIndex.Filter(subject, actor, type, service, requestId, traceId, from, to), after, limit);
    }

    /** Entries concerning one subject, e.g. {@code model:fraud} or {@code prompt:support-answer}. */
    @GetMapping("/subjects/{subject}/entries")
    AuditIndex.Page subject(@PathVariable @Pattern(regexp = "^(model|prompt|dataset|key):[A-Za-z0-9._-]{1,128}$",
                                                   message = "must be kind:name, e.g. model:fraud") String subject,
                            @RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return index.subjectPage(subject, after, limit);
    }

    /** A model as it was at {@code at} (default: now), computed from its audit entries up to that instant. */
    @GetMapping("/models/{name}/state")
    ModelStateAt.State modelState(@PathVariable @Pattern(regexp = Names.NAME) String name,
                                  @RequestParam(required = false) Instant at) {
        Instant until = at == null ? clock.instant() : at;
        List<AuditEntry> trail = index.all(new AuditIndex.Filter("model:" + name, null, null, null, null, null, null,
                                                                   until.plusNanos(1)));
        if (trail.isEmpty()) {
            throw new NotFoundException("The audit trail knows no model '" + name + "'");
        }
        return ModelStateAt.fold(name, until, trail);
    }

    /** The model's compliance dossier: one printable HTML page drawn from its audit trail. */
    @GetMapping(value = "/models/{name}/dossier", produces = MediaType.TEXT_HTML_VALUE)
    String dossier(@PathVariable @Pattern(regexp = Names.NAME) String name) {
        List<AuditEntry> trail = index.all(new AuditIndex.Filter("model:" + name, null, null, null, null, null, null, null));
        if (trail.isEmpty()) {
            throw new NotFoundException("The audit trail knows no model '" + name + "'");
        }
        String by = RequestMetadata.current().map(RequestMetadata::actor).orElse("unknown");
        return Dossier.render(name, trail, entries.head().orElse(null), by, clock.instant());
    }

    /** The newest link of the chain: its position and hash (the root an export is signed over). */
    @GetMapping("/chain")
    AuditEntries.Head chain() {
        return entries.head().orElseThrow(() -> new NotFoundException("The audit trail is empty"));
    }

    /**
     * Recomputes the chain from the event store as it is now, names every event that no longer matches, and
     * compares the chain with the external checkpoints (naming the first that disagrees: a rewrite or a cut).
     */
    @GetMapping("/verification")
    AuditVerification.Verification verify(@RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int maxBreaks) {
        List<io.modelledger.contracts.audit.AuditCheckpoint> external;
        try {
            external = checkpoints.all();
        } catch (IllegalStateException altered) {
            AuditVerification.Verification chain = verification.verify(maxBreaks, List.of(), signingKey.publicKey());
            return new AuditVerification.Verification(false, chain.checked(), chain.rootHash(), chain.breaks(),
                    new io.modelledger.contracts.audit.AuditCheckpoint.Check(0,
                            new io.modelledger.contracts.audit.AuditCheckpoint.Disagreement(0, 0, altered.getMessage())));
        }
        return verification.verify(maxBreaks, external, signingKey.publicKey());
    }

    /** The checkpoints written outside the database so far, oldest first (the file an offline verification takes). */
    @GetMapping("/checkpoints")
    List<io.modelledger.contracts.audit.AuditCheckpoint> checkpoints() {
        return checkpoints.all();
    }
}
