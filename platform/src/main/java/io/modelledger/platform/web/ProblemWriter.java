package io.modelledger.platform.web;

import io.modelledger.contracts.metadata.Headers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;

/** Writes problem+json outside Spring MVC (security filters answer before any controller is reached). */
public class ProblemWriter {

    private final JsonMapper json;

    public ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                      String title, String detail) throws IOException {
        write(request, response, status, type, title, detail, null);
    }

    /** A problem naming the one field (or parameter) at fault under {@code errors}, as the services' advice does. */
    public void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type,
                      String title, String detail, String field) throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:modelledger:problem:" + type));
        problem.setTitle(title);
        try {
            problem.setInstance(URI.create(request.getRequestURI()));
        } catch (IllegalArgumentException unparseable) {
            // a refused path is not repeated back
        }
        if (field != null) {
            problem.setProperty("errors", java.util.List.of(java.util.Map.of("field", field, "message", detail)));
        }
        String requestId = request.getHeader(Headers.REQUEST_ID);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }
}
