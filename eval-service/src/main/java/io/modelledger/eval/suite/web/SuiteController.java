package io.modelledger.eval.suite.web;

import io.modelledger.contracts.Names;
import io.modelledger.contracts.eval.MetricSpec;
import io.modelledger.eval.suite.api.FindSuiteCases;
import io.modelledger.eval.suite.api.FindSuiteVersion;
import io.modelledger.eval.suite.api.ListSuites;
import io.modelledger.eval.suite.api.PublishSuiteContent;
import io.modelledger.eval.suite.api.PublishedSuiteVersion;
import io.modelledger.eval.suite.api.SuiteCasePage;
import io.modelledger.eval.suite.api.SuiteId;
import io.modelledger.eval.suite.api.SuiteCase;
import io.modelledger.eval.suite.api.SuiteVersionView;
import io.modelledger.eval.suite.api.SuiteView;
import io.modelledger.eval.suite.api.SuiteContent;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Evaluation suites: upload a version as JSON, or as a multipart form with the metric specs in a
 * {@code spec} part and the cases in a {@code cases} file (JSONL or CSV). Uploading the latest version's
 * content again answers 200 with that version instead of creating a new one.
 */
@RestController
@Validated
@RequestMapping("/api/eval/suites")
class SuiteController {

    static final String NAME = Names.NAME;
    static final String NAME_MESSAGE = Names.NAME_MESSAGE;

    private final CommandGateway commands;
    private final QueryGateway queries;

    SuiteController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record SuiteUpload(@Size(max = 4000) String description, List<MetricSpec> metrics, List<SuiteCase> cases) {
    }

    record SuiteSpec(@Size(max = 4000) String description, List<MetricSpec> metrics) {
    }

    @PostMapping(path = "/{name}/versions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<PublishedSuiteVersion> upload(@PathVariable @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
                                                 @RequestBody SuiteUpload upload) {
        return publish(name, upload.description(), SuiteContent.validated(upload.metrics(), upload.cases()));
    }

    @PostMapping(path = "/{name}/versions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<PublishedSuiteVersion> uploadFile(@PathVariable @Pattern(regexp = NAME, message = NAME_MESSAGE) String name,
                                                     @RequestPart("spec") SuiteSpec spec,
                                                     @RequestPart("cases") MultipartFile cases) throws IOException {
        String filename = cases.getOriginalFilename() == null ? "" : cases.getOriginalFilename().toLowerCase(Locale.ROOT);
        String type = cases.getContentType() == null ? "" : cases.getContentType();
        List<SuiteCase> parsed;
        try (var reader = new InputStreamReader(cases.getInputStream(), StandardCharsets.UTF_8)) {
            if (filename.endsWith(".csv") || type.startsWith("text/csv")) {
                parsed = SuiteFiles.csv(reader);
            } else if (filename.endsWith(".jsonl") || filename.endsWith(".ndjson") || type.contains("ndjson") || type.contains("jsonl")) {
                parsed = SuiteFiles.jsonLines(reader);
            } else {
                throw new FieldException("cases", "a .jsonl/.ndjson or .csv file (or content type application/x-ndjson or text/csv)");
            }
        }
        return publish(name, spec.description(), SuiteContent.validated(spec.metrics(), parsed));
    }

    private ResponseEntity<PublishedSuiteVersion> publish(String name, String description, SuiteContent content) {
        PublishedSuiteVersion published = commands.sendAndWait(new PublishSuiteContent(new SuiteId(name), description, content));
        return ResponseEntity.status(published.created() ? HttpStatus.CREATED : HttpStatus.OK)
                             .location(URI.create("/api/eval/suites/" + name + "/versions/" + published.version()))
                             .body(published);
    }

    @GetMapping
    List<SuiteView> list(@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return queries.query(new ListSuites(limit), ResponseTypes.multipleInstancesOf(SuiteView.class)).join();
    }

    @GetMapping("/{name}/versions/{version}")
    SuiteVersionView version(@PathVariable String name, @PathVariable @Min(1) int version) {
        return queries.query(new FindSuiteVersion(name, version), ResponseTypes.optionalInstanceOf(SuiteVersionView.class)).join()
                      .orElseThrow(() -> missing(name, version));
    }

    @GetMapping("/{name}/versions/{version}/cases")
    SuiteCasePage cases(@PathVariable String name, @PathVariable @Min(1) int version,
                        @RequestParam(defaultValue = "0") @Min(0) int offset,
                        @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return queries.query(new FindSuiteCases(name, version, offset, limit), ResponseTypes.optionalInstanceOf(SuiteCasePage.class))
                      .join().orElseThrow(() -> missing(name, version));
    }

    private static NotFoundException missing(String name, int version) {
        return new NotFoundException("Suite '" + name + "' has no version " + version);
    }
}
