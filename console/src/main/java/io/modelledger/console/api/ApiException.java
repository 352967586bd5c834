package io.modelledger.console.api;

import java.util.List;

/**
 * An answer of the API that was not a success, in the words of its problem+json: shown to the person next to
 * the field at fault, or as the page's error. {@code status} 0 means the gateway could not be reached.
 */
public class ApiException extends RuntimeException {

    public record FieldError(String field, String message) {
    }

    private final int status;
    private final String title;
    private final String detail;
    private final List<FieldError> errors;
    private final String requestId;

    public ApiException(int status, String title, String detail, List<FieldError> errors, String requestId) {
        super(status + " " + title + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.requestId = requestId;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    public List<FieldError> errors() {
        return errors;
    }

    public String requestId() {
        return requestId;
    }

    /**
     * Rethrows this when the API no longer accepts the session's credential (401), for the console's advice to end the
     * session; a form that shows other errors next to its fields calls this first.
     */
    public void rethrowIfSignedOut() {
        if (status == 401) {
            throw this;
        }
    }

    /** The message for one field (its path as the API names it, e.g. {@code alias} or {@code requirements[0].suite}). */
    public String errorFor(String field) {
        return errors.stream().filter(e -> field.equals(e.field())).map(FieldError::message).findFirst().orElse(null);
    }
}
