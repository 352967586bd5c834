package io.modelledger.console.audit;

import io.modelledger.console.api.Api;
import io.modelledger.console.api.ApiException;
import io.modelledger.contracts.audit.AuditBundle;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * The audit trail for auditors and admins: the entries with the API's filters, one entry with its hash link to the
 * one before, a model's state at a chosen time (picked in the reader's time zone), the chain's live verification,
 * and the signed export, fetched and verified here against the pinned key before it is offered for download
 * (CSV and the model dossier are passed through as the API writes them).
 */
@Controller
class AuditPages {

    static final int PAGE = 50;

    private final Api api;
    private final PinnedAuditKey pinned;
    private final java.time.Clock clock;
    private final ExportBudget budget;

    AuditPages(Api api, PinnedAuditKey pinned, java.time.Clock clock, ExportBudget budget) {
        this.api = api;
        this.pinned = pinned;
        this.clock = clock;
        this.budget = budget;
    }

    @GetMapping("/audit")
    String entries(@RequestParam(required = false) String subject, @RequestParam(required = false) String actor,
                   @RequestParam(required = false) String type, @RequestParam(required = false) String service,
                   @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                   @RequestParam(required = false) String tz, @RequestParam(defaultValue = "0") long after, Model model) {
        Instant fromInstant = instant("from", from, tz);
        Instant toInstant = instant("to", to, tz);
        model.addAttribute("page", api.get(Api.path("/api/audit/entries").query("subject", subject).query("actor", actor)
                                              .query("type", type).query("service", service).query("from", fromInstant)
                                              .query("to", toInstant).query("after", after).query("limit", PAGE)));
        model.addAttribute("filters", filters(subject, actor, type, service, from, to, tz));
        model.addAttribute("after", after);
        model.addAttribute("pinnedKeyId", pinned.keyId().orElse(null));
        return "audit";
    }

    @GetMapping("/audit/entries/{position}")
    String entry(@PathVariable long position, Model model) {
        @SuppressWarnings("unchecked") List<Map<String, Object>> items = (List<Map<String, Object>>) api.get(
                Api.path("/api/audit/entries").query("after", Math.max(0, position - 1)).query("limit", 1)).get("items");
        if (items == null || items.isEmpty() || ((Number) items.getFirst().get("position")).longValue() != position) {
            throw new ApiException(404, "Not found", "The audit trail has no entry at position " + position, List.of(), null);
        }
        model.addAttribute("entry", items.getFirst());
        return "audit-entry";
    }

    /** The chain's verification, polled by the audit page (htmx). */
    @GetMapping("/audit/verification")
    String verification(Model model) {
        model.addAttribute("verification", api.get(Api.path("/api/audit/verification").query("maxBreaks", 10)));
        model.addAttribute("checkedAt", clock.instant().toString());
        return "audit :: verification";
    }

    @GetMapping("/audit/state")
    String state(@RequestParam(required = false) String model, @RequestParam(required = false) String at,
                 @RequestParam(required = false) String tz, Model page) {
        page.addAttribute("modelName", model);
        page.addAttribute("at", at);
        page.addAttribute("tz", tz);
        if (model != null && !model.isBlank()) {
            Instant instant = instant("at", at, tz);
            page.addAttribute("instant", instant == null ? null : instant.toString());
            page.addAttribute("state", api.get(Api.path("/api/audit/models/{name}/state", model.strip()).query("at", instant)));
        }
        return "audit-state";
    }

    /** Fetches the signed export, verifies it against the pinned key, and shows the result with the bundle to download. */
    @PostMapping("/audit/exports")
    String export(@RequestParam(required = false) String subject, HttpSession session, Model model) throws IOException {
        ByteArrayOutputStream bundle = new ByteArrayOutputStream();
        long[] reserved = {0};
        boolean kept = false;
        try {
            api.download(Api.path("/api/audit/exports").query("subject", subject), type -> { }, body -> copyBounded(body, bundle, reserved));
            byte[] bytes = bundle.toByteArray();
            AuditBundle.Result result = pinned.key().map(key -> verify(bytes, key)).orElse(null);
            String fileName = "modelledger-audit" + (subject == null || subject.isBlank() ? "" : "-" + safe(subject)) + ".json";
            VerifiedExports.Export export = exports(session).keep(fileName, bytes, result);
            if (export == null) {
                throw new ApiException(409, "Your session ended", "Sign in again and export again", List.of(), null);
            }
            kept = true;
            // the kept bundle holds its own length from now on; what the fetch's growing buffer needed besides goes back
            budget.release(reserved[0] - bytes.length);
            model.addAttribute("export", export);
        } finally {
            if (!kept) {
                budget.release(reserved[0]);
            }
        }
        model.addAttribute("subject", subject);
        model.addAttribute("pinnedKeyId", pinned.keyId().orElse(null));
        return "audit-export";
    }

    @GetMapping("/audit/exports/{id}")
    void download(@PathVariable String id, HttpSession session, HttpServletResponse response) throws IOException {
        VerifiedExports.Export export = exports(session).find(id);
        if (export == null) {
            throw new ApiException(404, "Not found", "This export is no longer kept; export again", List.of(), null);
        }
        response.setContentType("application/json");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(export.fileName()).build().toString());
        response.setContentLength(export.bundle().length);
        response.getOutputStream().write(export.bundle());
    }

    /**
     * CSV of the trail, or a model's dossier: passed through as the API writes them. Posted with the form's CSRF token,
     * since the API records each export under the person's name: a link from another site must not make one.
     */
    @PostMapping({"/audit/exports.csv", "/audit/dossier"})
    void passThrough(@RequestParam(required = false) String subject, @RequestParam(required = false) String model,
                     HttpServletResponse response, jakarta.servlet.http.HttpServletRequest request) {
        boolean csv = request.getRequestURI().endsWith(".csv");
        Api.Uri uri = csv ? Api.path("/api/audit/exports.csv").query("subject", subject)
                          : Api.path("/api/audit/models/{name}/dossier", model == null ? "" : model);
        api.download(uri, type -> {
            response.setContentType(type);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(csv ? "modelledger-audit.csv" : "dossier-" + safe(String.valueOf(model)) + ".html")
                    .build().toString());
        }, body -> body.transferTo(response.getOutputStream()));
    }

    private static AuditBundle.Result verify(byte[] bytes, java.security.PublicKey key) {
        try {
            return AuditBundle.verify(new ByteArrayInputStream(bytes), key);
        } catch (IOException | RuntimeException unreadable) {
            return new AuditBundle.Result(false, 0, null, null, "not a readable bundle: " + unreadable.getMessage(), null);
        }
    }

    /** A name as part of a download's file name. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * Reads the bundle into {@code out}, each chunk taken from the budget of all sessions first, twice over (a growing
     * buffer holds its old and new array at once, and its copy for keeping is a third); {@code reserved} counts what was
     * taken, for the caller to give back.
     */
    private void copyBounded(InputStream body, ByteArrayOutputStream out, long[] reserved) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int read;
        while ((read = body.read(buffer)) >= 0) {
            if (out.size() + read > VerifiedExports.MAX_BYTES) {
                throw new ApiException(413, "Export too large for the console",
                                       "Over " + VerifiedExports.MAX_BYTES / (1024 * 1024) + " MiB: narrow it to a subject, or use "
                                       + "modelledger audit export and modelledger audit verify", List.of(), null);
            }
            if (!budget.reserve(2L * read)) {
                throw new ApiException(503, "The console holds as many exports as it may",
                                       "Other sessions keep as many verified exports as the console holds at once (each until its person "
                                       + "exports again or signs out): try again later, or use modelledger audit export and "
                                       + "modelledger audit verify", List.of(), null);
            }
            reserved[0] += 2L * read;
            out.write(buffer, 0, read);
        }
    }

    private VerifiedExports exports(HttpSession session) {
        synchronized (session) {
            Object kept = session.getAttribute(VerifiedExports.SESSION_ATTRIBUTE);
            if (kept instanceof VerifiedExports exports) {
                return exports;
            }
            VerifiedExports exports = new VerifiedExports(budget);
            session.setAttribute(VerifiedExports.SESSION_ATTRIBUTE, exports);
            return exports;
        }
    }

    /**
     * A time the reader picked ({@code datetime-local}, in their zone {@code tz} as their browser names it; UTC without
     * one), or an ISO instant. Anything else is a field error, as the API would say.
     */
    static Instant instant(String field, String value, String tz) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            if (value.endsWith("Z")) {
                return Instant.parse(value);
            }
            ZoneId zone = tz == null || tz.isBlank() ? ZoneOffset.UTC : ZoneId.of(tz);
            return LocalDateTime.parse(value).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            throw new ApiException(400, "Bad request", "not a date and time", List.of(new ApiException.FieldError(field,
                    "must be a date and time, e.g. 2026-11-30T14:05")), null);
        }
    }

    private static Map<String, String> filters(String subject, String actor, String type, String service, String from, String to, String tz) {
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        filters.put("subject", subject);
        filters.put("actor", actor);
        filters.put("type", type);
        filters.put("service", service);
        filters.put("from", from);
        filters.put("to", to);
        filters.put("tz", tz);
        return filters;
    }
}
