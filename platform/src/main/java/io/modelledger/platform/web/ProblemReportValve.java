package io.modelledger.platform.web;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

import java.io.IOException;
import java.io.Writer;

/**
 * Tomcat's answer to what it refuses before Spring sees it (a malformed request line, an invalid escape):
 * problem+json instead of Tomcat's HTML error page, without server details. Answers Spring already wrote
 * are left alone.
 */
public final class ProblemReportValve extends ErrorReportValve {

    public ProblemReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String title = status >= 500 ? "Internal error" : "Malformed request";
        String detail = status >= 500 ? "The request could not be completed" : "The server could not accept this request as sent";
        String json = "{\"type\":\"urn:modelledger:problem:" + (status >= 500 ? "internal" : "malformed-request")
                + "\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone, or the response cannot take a body: nothing more to say
        }
    }
}
