package io.modelledger.platform.web;

import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.metadata.RequestMetadata;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.validation.method.ParameterErrors;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.JacksonException;

import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one error model of every service: RFC 7807 problem+json, with the offending fields listed under
 * {@code errors} for bad input, 404 for unknown resources and 409 for conflicting writes.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    public static final URI VALIDATION = URI.create("urn:modelledger:problem:validation");
    public static final URI NOT_FOUND = URI.create("urn:modelledger:problem:not-found");
    public static final URI CONFLICT = URI.create("urn:modelledger:problem:conflict");
    public static final URI INTERNAL = URI.create("urn:modelledger:problem:internal");
    public static final URI FORBIDDEN = URI.create("urn:modelledger:problem:forbidden");
    public static final URI STALE = URI.create("urn:modelledger:problem:stale");
    public static final URI UNAVAILABLE = URI.create("urn:modelledger:problem:unavailable");

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        return invalid("Invalid request", fieldErrors(ex.getBindingResult().getFieldErrors()));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
                                                                            HttpHeaders headers, HttpStatusCode status,
                                                                            WebRequest request) {
        List<Map<String, String>> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result instanceof ParameterErrors body
                        ? fieldErrors(body.getFieldErrors()).stream() // a @Valid request body: its fields
                        : result.getResolvableErrors().stream().map(error -> Map.of(
                                "field", String.valueOf(result.getMethodParameter().getParameterName()),
                                "message", String.valueOf(error.getDefaultMessage()))))
                .toList();
        return invalid("Invalid request", errors);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex, HttpHeaders headers,
                                                                  HttpStatusCode status, WebRequest request) {
        if (ex.getCause() instanceof JacksonException jackson) {
            String field = jackson.getPath().isEmpty() ? "body" : path(jackson);
            return invalid("Unreadable request body", List.of(Map.of("field", field, "message", reason(jackson))));
        }
        return invalid("Unreadable request body", List.of(Map.of("field", "body",
                "message", "the request body is not valid JSON for this resource")));
    }

    /** Where in the document a Jackson error lies, as {@code a.b[0].c} (empty at the root). */
    public static String path(JacksonException e) {
        return e.getPath().stream().map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    /** What was wrong, in words a client can act on (no internal type names). */
    public static String reason(JacksonException e) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof tools.jackson.databind.exc.InvalidNullException) {
            return "must not be null";
        }
        if (e instanceof tools.jackson.databind.exc.InvalidFormatException && !original.startsWith("Cannot")) {
            return original; // our own words (StrictJson)
        }
        if (original.startsWith("Duplicate Object property") || original.startsWith("Duplicate field")) {
            return "a duplicate key: " + original.substring(original.indexOf('"') < 0 ? 0 : original.indexOf('"'));
        }
        if (original.contains("Trailing token")) {
            return "unexpected content after the JSON value";
        }
        if (original.contains("out of range")) {
            return "a number out of range for this field";
        }
        if (e instanceof tools.jackson.databind.exc.MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + kind(mismatch.getTargetType());
        }
        if (e instanceof tools.jackson.databind.exc.UnrecognizedPropertyException) {
            return "an unknown field";
        }
        return "not valid JSON here";
    }

    private static String kind(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "a string";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (java.util.Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            org.springframework.web.bind.MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return invalid("Invalid request", List.of(Map.of("field", ex.getParameterName(), "message", "required")));
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            org.springframework.web.multipart.support.MissingServletRequestPartException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return invalid("Invalid request", List.of(Map.of("field", ex.getRequestPartName(), "message", "a required part of the multipart body")));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof ParameterException bad) { // our own words (a bounded instant, say)
                return invalid("Invalid request", List.of(Map.of("field", field, "message", bad.getMessage())));
            }
        }
        return invalid("Invalid request", List.of(Map.of("field", field, "message", "must be of type "
                + (ex.getRequiredType() == null ? "the expected type" : ex.getRequiredType().getSimpleName()))));
    }

    /**
     * Everything else, including failures that reach us wrapped (command execution, async queries): an
     * unknown resource is a 404, a concurrency violation in the event store (another writer won the same
     * aggregate sequence, or the aggregate already exists) a 409, a rule violation a 400; anything else
     * a 500 without internals.
     */
    @ExceptionHandler(Exception.class)
    public ResponseEntity<ProblemDetail> unhandled(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NotFoundException || t instanceof AggregateNotFoundException) {
                return respond(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found",
                                       t instanceof NotFoundException ? t.getMessage() : "No such resource"));
            }
            if (t instanceof ConflictingAggregateVersionException stale) {
                ProblemDetail problem = problem(HttpStatus.PRECONDITION_FAILED, STALE, "Precondition failed",
                        "The resource changed since version " + stale.getExpectedVersion() + " (it is at "
                                + stale.getActualVersion() + "); read it again and retry");
                // no ETag: a client that resent its change with one would apply it to a state it never read
                return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED).body(problem);
            }
            if (t instanceof AggregateStreamCreationException) {
                return respond(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "The resource already exists"));
            }
            if (t instanceof ConcurrencyException) {
                return respond(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
                                       "The resource was changed concurrently; reload it and retry"));
            }
            if (t instanceof ConstraintViolationException violations) { // a constraint on a path or query parameter
                return respond(invalidProblem("Invalid request", violations.getConstraintViolations().stream()
                        .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                        .map(v -> Map.of("field", parameter(v.getPropertyPath()), "message", String.valueOf(v.getMessage())))
                        .toList()));
            }
            if (t instanceof MultipartException && clientsMultipart(t)) {
                return respond(invalidProblem("Unreadable request body", List.of(Map.of("field", "Content-Type",
                        "message", "a multipart body needs a boundary parameter and parts that match it"))));
            }
            if (t instanceof FieldException field) {
                return respond(invalidProblem("Invalid request",
                                              List.of(Map.of("field", field.field(), "message", field.getMessage()))));
            }
            if (t instanceof ForbiddenException forbidden) {
                return respond(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", forbidden.getMessage()));
            }
            if (t instanceof io.modelledger.platform.domain.UnavailableException unavailable) {
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "5")
                                     .body(problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Not available now", unavailable.getMessage()));
            }
            if (t instanceof ConflictException conflict) {
                return respond(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", conflict.getMessage()));
            }
            if (t instanceof IllegalArgumentException invalid) {
                return respond(problem(HttpStatus.BAD_REQUEST, VALIDATION, "Invalid request", invalid.getMessage()));
            }
        }
        log.error("Request failed", e);
        return respond(problem(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL, "Internal error",
                               "The request could not be completed"));
    }

    /** A multipart body the client got wrong (no boundary, malformed parts), not a server-side I/O failure. */
    private static boolean clientsMultipart(Throwable multipart) {
        for (Throwable t = multipart.getCause(); t != null; t = t.getCause()) {
            if (t.getClass().getName().endsWith("FileUploadException") || t.getClass().getName().endsWith("InvalidContentTypeException")) {
                return true;
            }
        }
        return false;
    }

    /** A parameter's name from a method-validation path ({@code list.limit} → {@code limit}). */
    private static String parameter(Path path) {
        String name = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER || node.getKind() == ElementKind.PROPERTY) {
                name = name == null || node.getKind() == ElementKind.PARAMETER ? node.getName() : name + "." + node.getName();
            }
        }
        return name == null ? path.toString() : name;
    }

    private static ResponseEntity<Object> invalid(String title, List<Map<String, String>> errors) {
        return ResponseEntity.badRequest().body(invalidProblem(title, errors));
    }

    /** A 400 naming every field at fault under {@code errors}. */
    private static ProblemDetail invalidProblem(String title, List<Map<String, String>> errors) {
        String fields = errors.stream().map(e -> e.get("field")).distinct().collect(Collectors.joining(", "));
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, title, "Invalid value for: " + fields);
        problem.setProperty("errors", errors);
        return problem;
    }

    private static List<Map<String, String>> fieldErrors(List<FieldError> errors) {
        return errors.stream()
                     .sorted(Comparator.comparing(FieldError::getField))
                     .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                     .toList();
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).body(problem);
    }

    private static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        RequestMetadata.current().ifPresent(m -> problem.setProperty("requestId", m.requestId()));
        return problem;
    }
}
