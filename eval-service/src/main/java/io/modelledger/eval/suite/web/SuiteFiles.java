package io.modelledger.eval.suite.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.platform.web.StrictJson;
import io.modelledger.platform.domain.FieldException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads suite cases from JSONL (one case object per line) or CSV. CSV columns: {@code id}, {@code input},
 * {@code expected}, {@code context}, {@code tags} ({@code ;}-separated), {@code var.<name>} for template
 * variables and {@code attr.<name>} for sensitive attributes; other columns are refused.
 */
public final class SuiteFiles {

    /** Case files are read as strictly as request bodies (StrictJson): no duplicate keys or trailing content. */
    private static final ObjectMapper JSON = io.modelledger.platform.web.StrictJson.treeReader();

    private SuiteFiles() {
    }

    public static List<SuiteCase> jsonLines(Reader reader) throws IOException {
        List<SuiteCase> cases = new ArrayList<>();
        BufferedReader lines = new BufferedReader(reader);
        String line;
        int number = 0;
        while ((line = lines.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                com.fasterxml.jackson.databind.JsonNode node = JSON.readTree(line);
                String problem = problem(node);
                if (problem != null) {
                    throw new FieldException("cases", "line " + number + ": " + problem);
                }
                cases.add(JSON.treeToValue(node, SuiteCase.class));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new FieldException("cases", "line " + number + " is not a case object: " + e.getOriginalMessage());
            }
        }
        return cases;
    }

    public static List<SuiteCase> csv(Reader reader) throws IOException {
        CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).setTrim(false).get();
        List<SuiteCase> cases = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            List<String> header = parser.getHeaderNames();
            for (String column : header) {
                if (!List.of("id", "input", "expected", "context", "tags").contains(column)
                        && !column.startsWith("var.") && !column.startsWith("attr.")) {
                    throw new FieldException("cases", "unknown CSV column '" + column
                            + "' (expected id, input, expected, context, tags, var.<name>, attr.<name>)");
                }
            }
            for (CSVRecord row : parser) {
                if (!row.isConsistent()) {
                    throw new FieldException("cases", "CSV line " + row.getRecordNumber() + " has " + row.size()
                            + " fields, the header has " + header.size());
                }
                Map<String, Object> variables = new LinkedHashMap<>();
                Map<String, String> attributes = new LinkedHashMap<>();
                for (String column : header) {
                    String problem = row.isMapped(column) && row.isSet(column) ? StrictJson.problem(row.get(column)) : null;
                    if (problem != null) {
                        throw new FieldException("cases", "CSV line " + row.getRecordNumber() + ", column '" + column + "': " + problem);
                    }
                    if (column.startsWith("var.")) {
                        variables.put(column.substring(4), row.get(column));
                    } else if (column.startsWith("attr.")) {
                        attributes.put(column.substring(5), row.get(column));
                    }
                }
                String tags = get(row, "tags");
                cases.add(new SuiteCase(get(row, "id"), get(row, "input"), variables, get(row, "expected"), get(row, "context"),
                                        attributes, tags == null ? List.of()
                                                : Arrays.stream(tags.split(";")).map(String::strip).filter(t -> !t.isEmpty()).toList()));
            }
        }
        return cases;
    }

    /** What makes a case line unacceptable as a request body would be: bad text or a non-finite number, or null. */
    private static String problem(com.fasterxml.jackson.databind.JsonNode node) {
        if (node.isTextual()) {
            return StrictJson.problem(node.asText());
        }
        if (node.isNumber() && !Double.isFinite(node.asDouble())) {
            return "numbers must be finite";
        }
        for (com.fasterxml.jackson.databind.JsonNode child : node) {
            String problem = problem(child);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String get(CSVRecord row, String column) {
        if (!row.isMapped(column)) {
            return null;
        }
        String value = row.get(column);
        return value.isEmpty() ? null : value;
    }
}
