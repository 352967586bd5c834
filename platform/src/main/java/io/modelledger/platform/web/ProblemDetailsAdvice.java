package io.modelledger.platform.web;

import io.modelledger.platform.domain.ConflictException;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.ForbiddenException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.platform.metadata.RequestMetadata;
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
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.databind.DatabindException;

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
        String field = null;
        if (ex.getCause() instanceof DatabindException databind && !databind.getPath().isEmpty()) {
            field = databind.getPath().stream()
                            .map(ref -> ref.getPropertyName() != null ? ref.getPropertyName() : "[" + ref.getIndex() + "]")
                            .collect(Collectors.joining("."));
        }
        if (field != null) {
            return invalid("Unreadable request body", List.of(Map.of("field", field, "message", "invalid value")));
        }
        return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, VALIDATION, "Unreadable request body",
                                                        "The request body is not valid JSON for this resource"));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status,
                                                        WebRequest request) {
        String field = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
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
                return ResponseEntity.status(HttpStatus.PRECONDITION_FAILED)
                                     .eTag("\"" + stale.getActualVersion() + "\"").body(problem);
            }
            if (t instanceof AggregateStreamCreationException) {
                return respond(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "The resource already exists"));
            }
            if (t instanceof ConcurrencyException) {
                return respond(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
                                       "The resource was changed concurrently; reload it and retry"));
            }
            if (t instanceof FieldException field) {
                return respond(invalidProblem("Invalid request",
                                              List.of(Map.of("field", field.field(), "message", field.getMessage()))));
            }
            if (t instanceof ForbiddenException forbidden) {
                return respond(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Forbidden", forbidden.getMessage()));
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
