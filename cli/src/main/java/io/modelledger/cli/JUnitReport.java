package io.modelledger.cli;

import com.fasterxml.jackson.databind.JsonNode;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A run as JUnit XML, the format GitHub, GitLab and Jenkins render: a test suite {@code cases} with one test case per
 * suite case (an error when the case got no answer; a failure when it failed a per-case check, as the run's results say:
 * a pass/fail check or its own assertions did not pass, a finding check flagged it, a scored check is on the wrong side
 * of its metric's threshold) and a test suite {@code verdicts} with one test case per metric (a failure when its verdict
 * failed).
 */
final class JUnitReport {

    private static final int MAX_TEXT = 4_000;

    private JUnitReport() {
    }

    static void write(Api api, JsonNode run, Path file) throws IOException {
        String runId = run.path("runId").asText();
        JsonNode suite = api.get(Api.path("api", "eval", "suites", run.path("suiteName").asText(), "versions",
                                          String.valueOf(run.path("suiteVersion").asInt())));
        List<JsonNode> results = new ArrayList<>();
        Integer offset = 0;
        while (offset != null) {
            JsonNode page = api.get(Api.path("api", "eval", "runs", runId, "results") + Api.query("offset", String.valueOf(offset), "limit", "1000"));
            page.path("results").forEach(results::add);
            offset = page.path("next").isInt() ? page.get("next").asInt() : null;
        }
        Map<String, JsonNode> metrics = new LinkedHashMap<>();
        suite.path("metrics").forEach(m -> metrics.put(m.path("name").asText(m.path("metric").asText()), m));
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            String name = run.path("suiteName").asText() + " v" + run.path("suiteVersion").asInt() + " on " + run.path("subjectKind").asText()
                    + " " + run.path("subjectName").asText() + " v" + run.path("subjectVersion").asInt();
            List<Case> cases = cases(results, metrics);
            List<Case> verdicts = verdicts(run);
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", clean(name));
            xml.writeAttribute("tests", String.valueOf(cases.size() + verdicts.size()));
            xml.writeAttribute("failures", String.valueOf(count(cases, "failure") + count(verdicts, "failure")));
            xml.writeAttribute("errors", String.valueOf(count(cases, "error") + count(verdicts, "error")));
            xml.writeAttribute("time", seconds(run.path("elapsedMs").asLong()));
            suite(xml, "cases", name + " (run " + runId + ")", cases, run);
            suite(xml, "verdicts", name + " (run " + runId + ")", verdicts, run);
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** One test case: its name, how long it took, and a failure or error ({@code kind}) with a message and details. */
    record Case(String name, long millis, String kind, String message, String details, String output) {
    }

    private static List<Case> cases(List<JsonNode> results, Map<String, JsonNode> metrics) {
        List<Case> cases = new ArrayList<>();
        for (JsonNode result : results) {
            String caseId = result.path("caseId").asText();
            long millis = result.path("latencyMs").asLong();
            String output = result.path("output").asText("");
            if (!result.path("error").asText("").isEmpty()) {
                cases.add(new Case(caseId, millis, "error", "no answer: " + result.path("error").asText(), null, output));
                continue;
            }
            // which checks this case failed is the service's judgement (CaseResult.failed): one rule, where the checks are
            List<String> failed = new ArrayList<>();
            StringBuilder details = new StringBuilder();
            for (JsonNode name : result.path("failed")) {
                JsonNode spec = metrics.get(name.asText());
                String kind = spec == null ? "" : " (" + spec.path("metric").asText() + ")";
                failed.add(name.asText() + kind + ": " + Eval.number(result.path("checks").path(name.asText())));
                JsonNode detail = result.path("details").path(name.asText());
                if (!detail.isMissingNode()) {
                    details.append(name.asText()).append(": ").append(detail.isTextual() ? detail.asText() : detail.toString()).append('\n');
                }
            }
            cases.add(failed.isEmpty() ? new Case(caseId, millis, null, null, null, output)
                              : new Case(caseId, millis, "failure", String.join("; ", failed), details.toString(), output));
        }
        return cases;
    }

    private static List<Case> verdicts(JsonNode run) {
        List<Case> cases = new ArrayList<>();
        run.path("verdicts").fields().forEachRemaining(v -> {
            JsonNode verdict = v.getValue();
            boolean gated = verdict.path("threshold").isNumber();
            String name = v.getKey() + (gated ? " " + verdict.path("comparator").asText() + " " + Eval.number(verdict.path("threshold")) : "");
            String value = Eval.number(verdict.path("value"));
            if (gated && !verdict.path("passed").asBoolean()) {
                cases.add(new Case(name, 0, "failure", v.getKey() + " is " + value + ", the verdict needs " + verdict.path("comparator").asText()
                        + " " + Eval.number(verdict.path("threshold")), null, "value: " + value));
            } else {
                cases.add(new Case(name, 0, null, null, null, "value: " + value));
            }
        });
        if (!run.path("status").asText().equals("completed")) {
            cases.add(new Case("run", run.path("elapsedMs").asLong(), "error", "the run " + run.path("status").asText()
                    + (run.path("failure").isTextual() ? ": " + run.path("failure").asText() : ""), null, null));
        }
        return cases;
    }

    private static long count(List<Case> cases, String kind) {
        return cases.stream().filter(c -> kind.equals(c.kind())).count();
    }

    private static void suite(XMLStreamWriter xml, String name, String description, List<Case> cases, JsonNode run) throws XMLStreamException {
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", name);
        xml.writeAttribute("tests", String.valueOf(cases.size()));
        xml.writeAttribute("failures", String.valueOf(count(cases, "failure")));
        xml.writeAttribute("errors", String.valueOf(count(cases, "error")));
        xml.writeAttribute("skipped", "0");
        xml.writeAttribute("time", seconds(cases.stream().mapToLong(Case::millis).sum()));
        if (run.path("startedAt").isTextual()) {
            xml.writeAttribute("timestamp", run.path("startedAt").asText());
        }
        xml.writeStartElement("properties");
        property(xml, "description", description);
        property(xml, "runId", run.path("runId").asText());
        property(xml, "suiteSha256", run.path("suiteSha256").asText());
        xml.writeEndElement();
        for (Case c : cases) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", clean(run.path("suiteName").asText() + "." + name));
            xml.writeAttribute("name", clean(c.name()));
            xml.writeAttribute("time", seconds(c.millis()));
            if (c.kind() != null) {
                xml.writeStartElement(c.kind());
                xml.writeAttribute("message", clean(cut(c.message())));
                xml.writeAttribute("type", "failure".equals(c.kind()) ? "CheckFailed" : "NoAnswer");
                if (c.details() != null && !c.details().isEmpty()) {
                    xml.writeCharacters(clean(cut(c.details())));
                }
                xml.writeEndElement();
            }
            if (c.output() != null && !c.output().isEmpty()) {
                xml.writeStartElement("system-out");
                xml.writeCharacters(clean(cut(c.output())));
                xml.writeEndElement();
            }
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }

    private static void property(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement("property");
        xml.writeAttribute("name", name);
        xml.writeAttribute("value", clean(value));
        xml.writeEndElement();
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
    }

    private static String cut(String text) {
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "… (cut)" : text;
    }

    /** Only characters XML 1.0 allows: a model's output may hold any control character. */
    static String clean(String text) {
        StringBuilder clean = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000;
            clean.appendCodePoint(allowed ? c : 0xFFFD);
        });
        return clean.toString();
    }
}
