package io.modelledger.platform.web;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.modelledger.contracts.Sha256;
import io.modelledger.platform.metadata.RequestMetadata;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.bson.Document;
import org.bson.types.Binary;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code Idempotency-Key} on POSTs: the first request with a key is handled and its response kept; a retry
 * with the same key (same caller, same route, same body) gets that response again, marked
 * {@code Idempotent-Replayed: true}, and changes nothing. The same key with another body is a 422; a retry
 * while the first is still running is a 409. Failed requests (5xx) are not kept, so they can be retried.
 * A response that holds a secret ({@code Cache-Control: no-store}, e.g. an issued API key) is never stored:
 * its retry is a 409 naming the resource it created. Records expire after the retention: by a TTL index
 * where the server has one, and by a sweep here as well (the embedded server has none), so the collection
 * stays bounded by the retention either way.
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,255}$");
    private static final List<String> KEPT_HEADERS = List.of("Location", "ETag", "Content-Type", "Cache-Control");

    private final MongoCollection<Document> keys;
    private final ProblemWriter problems;
    private final Duration retention;
    private final Clock clock;
    private volatile java.time.Instant nextSweep = java.time.Instant.MIN;
    static final Duration SWEEP_EVERY = Duration.ofMinutes(1);

    public IdempotencyFilter(MongoCollection<Document> keys, ProblemWriter problems, Duration retention, Clock clock) {
        this.clock = clock;
        this.keys = keys;
        this.problems = problems;
        this.retention = retention;
        keys.createIndex(Indexes.ascending("expiresAt"), new IndexOptions().expireAfter(0L, java.util.concurrent.TimeUnit.SECONDS));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        sweepIfDue();
        String key = request.getHeader(HEADER);
        if (!KEY.matcher(key).matches()) {
            problems.write(request, response, HttpStatus.BAD_REQUEST, "validation", "Invalid Idempotency-Key",
                           "An Idempotency-Key is 1-255 printable ASCII characters");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String actor = RequestMetadata.current().map(RequestMetadata::actor).orElse("anonymous");
        String id = Sha256.hex(actor + "\n" + request.getRequestURI() + "\n" + key);
        String fingerprint = Sha256.hex(body);
        try {
            keys.insertOne(new Document("_id", id).append("state", "running").append("fingerprint", fingerprint)
                                                  .append("expiresAt", Date.from(clock.instant().plus(retention))));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            replay(request, response, id, fingerprint);
            return;
        }
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        try {
            chain.doFilter(new CachedBodyRequest(request, body), recorded);
        } catch (IOException | ServletException | RuntimeException e) {
            keys.deleteOne(Filters.eq("_id", id));
            throw e;
        }
        if (recorded.getStatus() >= 500) {
            keys.deleteOne(Filters.eq("_id", id));
        } else if (holdsSecret(recorded)) {
            // never stored: only that it succeeded, and where the resource is
            keys.updateOne(Filters.eq("_id", id), new Document("$set", new Document("state", "secret")
                    .append("status", recorded.getStatus()).append("location", recorded.getHeader("Location"))));
        } else {
            Document headers = new Document();
            for (String name : KEPT_HEADERS) {
                if (recorded.getHeader(name) != null) {
                    headers.append(name, recorded.getHeader(name));
                }
            }
            keys.updateOne(Filters.eq("_id", id), new Document("$set", new Document("state", "done")
                    .append("status", recorded.getStatus()).append("headers", headers)
                    .append("body", new Binary(recorded.getContentAsByteArray()))));
        }
        recorded.copyBodyToResponse();
    }

    private void replay(HttpServletRequest request, HttpServletResponse response, String id, String fingerprint)
            throws IOException {
        Document kept = keys.find(Filters.eq("_id", id)).first();
        if (kept == null) {
            problems.write(request, response, HttpStatus.CONFLICT, "conflict", "Conflict",
                           "The first request with this Idempotency-Key failed; retry with it again");
            return;
        }
        if (!fingerprint.equals(kept.getString("fingerprint"))) {
            problems.write(request, response, HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency-Key reused",
                           "This Idempotency-Key was used for a different request");
            return;
        }
        if ("secret".equals(kept.getString("state"))) {
            String location = kept.getString("location");
            if (location != null) {
                response.setHeader("Location", location);
            }
            problems.write(request, response, HttpStatus.CONFLICT, "idempotent-secret", "Already done",
                           "The request with this Idempotency-Key succeeded" + (location == null ? "" : " (" + location + ")")
                                   + "; its response held a secret, which is never kept, so it is not replayed");
            return;
        }
        if (!"done".equals(kept.getString("state"))) {
            problems.write(request, response, HttpStatus.CONFLICT, "conflict", "Conflict",
                           "A request with this Idempotency-Key is still being handled");
            return;
        }
        response.setStatus(kept.getInteger("status"));
        kept.get("headers", Document.class).forEach((name, value) -> response.setHeader(name, String.valueOf(value)));
        response.setHeader("Idempotent-Replayed", "true");
        response.getOutputStream().write(kept.get("body", Binary.class).getData());
    }

    private static boolean holdsSecret(ContentCachingResponseWrapper response) {
        String cacheControl = response.getHeader("Cache-Control");
        return cacheControl != null && cacheControl.contains("no-store");
    }

    /** Deletes expired records at most once a minute, off the request's thread. */
    void sweepIfDue() {
        java.time.Instant now = clock.instant();
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_EVERY);
        Thread.ofVirtual().name("idempotency-sweep").start(() -> sweep(now));
    }

    /** Deletes the records that expired before {@code now}; how many. */
    public long sweep(java.time.Instant now) {
        return keys.deleteMany(Filters.lt("expiresAt", Date.from(now))).getDeletedCount();
    }

    /** The request with its body already read, readable again by the controller. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
