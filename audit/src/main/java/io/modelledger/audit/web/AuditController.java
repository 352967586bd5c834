package io.modelledger.audit.web;

import io.modelledger.audit.api.AuditFilter;
import io.modelledger.audit.api.AuditPage;
import io.modelledger.audit.api.AuditPublicKey;
import io.modelledger.audit.api.ChainHead;
import io.modelledger.audit.api.ChainVerification;
import io.modelledger.audit.api.ExportPage;
import io.modelledger.audit.api.FindAuditEntries;
import io.modelledger.audit.api.FindChainHead;
import io.modelledger.audit.api.FindDossier;
import io.modelledger.audit.api.FindExportPage;
import io.modelledger.audit.api.FindModelState;
import io.modelledger.audit.api.FindSigningKey;
import io.modelledger.audit.api.ListCheckpoints;
import io.modelledger.audit.api.ModelState;
import io.modelledger.audit.api.SignManifest;
import io.modelledger.audit.api.VerifyChain;
import io.modelledger.contracts.Names;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.contracts.audit.AuditEntry;
import io.modelledger.contracts.audit.AuditExported;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.metadata.RequestMetadata;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
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
import java.util.Optional;
import java.util.stream.Stream;

/** The audit trail (auditors and admins): every event in global order, by subject, and its verification. */
@RestController
@RequestMapping("/api/audit")
class AuditController {

    private final QueryGateway queries;
    private final EventGateway events;
    private final Clock clock;

    AuditController(QueryGateway queries, EventGateway events, Clock clock) {
        this.queries = queries;
        this.events = events;
        this.clock = clock;
    }

    /** The key that checks exports offline (base64 X.509 Ed25519). */
    @GetMapping("/public-key")
    AuditPublicKey publicKey() {
        return queries.query(new FindSigningKey(), ResponseTypes.instanceOf(AuditPublicKey.class)).join();
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
        String keyId = publicKey().keyId();
        StreamingResponseBody body = out -> {
            try (AuditBundle.Writer writer = new AuditBundle.Writer(out)) {
                forEachExported(export.filter(), writer::write);
                AuditBundle.Manifest manifest = writer.finish(clock.instant().toString(), export.exporter(), export.scope(),
                                                              export.filter().equals(AuditFilter.NONE), keyId, this::signed);
                recorded(export, "json", manifest.count(), manifest.bundleHash());
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
    private record Export(AuditFilter filter, String scope, String exporter, Map<String, Object> metadata) {

        static Export of(String subject, Instant from, Instant to) {
            return new Export(new AuditFilter(subject, null, null, null, null, null, from, to),
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

    private String signed(AuditBundle.Manifest manifest) {
        return queries.query(new SignManifest(manifest), ResponseTypes.instanceOf(String.class)).join();
    }

    /**
     * The entries an export holds, as stored now, page by page: the whole trail in chain order (so every link can
     * be checked, a late event where it was appended), or the entries matching a filter in store order.
     */
    private void forEachExported(AuditFilter filter, EntrySink sink) throws java.io.IOException {
        ChainHead head = filter.equals(AuditFilter.NONE) ? head().orElse(null) : null;
        Long cursor = 0L;
        while (cursor != null) {
            ExportPage page = queries.query(new FindExportPage(filter, head, cursor), ResponseTypes.instanceOf(ExportPage.class)).join();
            for (AuditEntry entry : page.entries()) {
                sink.accept(entry);
            }
            cursor = page.next();
        }
    }

    /** Checks an uploaded bundle with the platform's public key, as the offline verifier does. */
    @PostMapping(value = "/verifications", consumes = MediaType.APPLICATION_JSON_VALUE)
    AuditBundle.Result verifyBundle(HttpServletRequest request) throws java.io.IOException {
        AuditBundle.Result result;
        try {
            result = AuditBundle.verify(request.getInputStream(), AuditBundle.publicKey(publicKey().publicKey()));
        } catch (com.fasterxml.jackson.core.JacksonException unreadable) { // the upload's fault, not ours
            throw new FieldException("body", "not an audit bundle: not valid JSON");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("The audit public key does not parse", e);
        }
        if (!result.valid() && result.checked() == 0 && result.manifest() == null) { // nothing of a bundle in it
            throw new FieldException("body", "not an audit bundle: " + result.problem());
        }
        return result;
    }

    /**
     * Entries in global order after position {@code after}, filtered by any combination of subject, actor,
     * event type, service, request, trace and time range; {@code next} is the cursor of the following page.
     */
    @GetMapping("/entries")
    AuditPage entries(@RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
                            @RequestParam(required = false) @Size(max = 200) String subject,
                            @RequestParam(required = false) @Size(max = 300) String actor,
                            @RequestParam(required = false) @Pattern(regexp = "^[A-Za-z]{1,100}$") String type,
                            @RequestParam(required = false) @Pattern(regexp = "^[a-z-]{1,64}$") String service,
                            @RequestParam(required = false) @Size(max = 128) String requestId,
                            @RequestParam(required = false) @Pattern(regexp = "^[0-9a-f]{32}$") String traceId,
                            @RequestParam(required = false) Instant from,
                            @RequestParam(required = false) Instant to) {
        return page(new AuditFilter(subject, actor, type, service, requestId, traceId, from, to), after, limit);
    }

    /** Entries concerning one subject, e.g. {@code model:fraud} or {@code prompt:support-answer}. */
    @GetMapping("/subjects/{subject}/entries")
    AuditPage subject(@PathVariable @Pattern(regexp = "^(model|prompt|dataset|key):[A-Za-z0-9._-]{1,128}$",
                                                   message = "must be kind:name, e.g. model:fraud") String subject,
                            @RequestParam(defaultValue = "0") @Min(0) long after,
                            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return page(new AuditFilter(subject, null, null, null, null, null, null, null), after, limit);
    }

    private AuditPage page(AuditFilter filter, long after, int limit) {
        return queries.query(new FindAuditEntries(filter, after, limit), ResponseTypes.instanceOf(AuditPage.class)).join();
    }

    /** A model as it was at {@code at} (default: now), computed from its audit entries up to that instant. */
    @GetMapping("/models/{name}/state")
    ModelState modelState(@PathVariable @Pattern(regexp = Names.NAME) String name, @RequestParam(required = false) Instant at) {
        Instant until = at == null ? clock.instant() : at;
        return queries.query(new FindModelState(name, until), ResponseTypes.optionalInstanceOf(ModelState.class)).join()
                      .orElseThrow(() -> unknownModel(name));
    }

    /** The model's compliance dossier: one printable HTML page drawn from its audit trail. */
    @GetMapping(value = "/models/{name}/dossier", produces = MediaType.TEXT_HTML_VALUE)
    String dossier(@PathVariable @Pattern(regexp = Names.NAME) String name) {
        String by = RequestMetadata.current().map(RequestMetadata::actor).orElse("unknown");
        return queries.query(new FindDossier(name, by, clock.instant()), ResponseTypes.optionalInstanceOf(String.class)).join()
                      .orElseThrow(() -> unknownModel(name));
    }

    private static NotFoundException unknownModel(String name) {
        return new NotFoundException("The audit trail knows no model '" + name + "'");
    }

    /** The newest link of the chain: its position and hash (the root an export is signed over). */
    @GetMapping("/chain")
    ChainHead chain() {
        return head().orElseThrow(() -> new NotFoundException("The audit trail is empty"));
    }

    private Optional<ChainHead> head() {
        return queries.query(new FindChainHead(), ResponseTypes.optionalInstanceOf(ChainHead.class)).join();
    }

    /**
     * Recomputes the chain from the event store as it is now, names every event that no longer matches, and
     * compares the chain with the external checkpoints (naming the first that disagrees: a rewrite or a cut).
     */
    @GetMapping("/verification")
    ChainVerification verify(@RequestParam(defaultValue = "100") @Min(1) @Max(10_000) int maxBreaks) {
        return queries.query(new VerifyChain(maxBreaks), ResponseTypes.instanceOf(ChainVerification.class)).join();
    }

    /** The checkpoints written outside the database so far, oldest first (the file an offline verification takes). */
    @GetMapping("/checkpoints")
    List<AuditCheckpoint> checkpoints() {
        return queries.query(new ListCheckpoints(), ResponseTypes.multipleInstancesOf(AuditCheckpoint.class)).join();
    }
}
