package io.modelledger.registry.prompt.web;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import io.modelledger.platform.domain.FieldException;
import io.modelledger.platform.domain.NotFoundException;
import io.modelledger.contracts.Names;
import io.modelledger.registry.prompt.api.AssignPromptAlias;
import io.modelledger.registry.prompt.api.FindPrompt;
import io.modelledger.registry.prompt.api.FindPromptAliasHistory;
import io.modelledger.registry.prompt.api.FindPromptVersion;
import io.modelledger.registry.prompt.api.ListPrompts;
import io.modelledger.registry.prompt.api.PromptId;
import io.modelledger.registry.prompt.api.PromptPage;
import io.modelledger.registry.prompt.api.RegisterPrompt;
import io.modelledger.registry.prompt.api.RegisterPromptVersion;
import io.modelledger.contracts.prompt.PromptTemplate;
import io.modelledger.registry.prompt.api.PromptAliasHistory;
import io.modelledger.registry.prompt.api.PromptVersionView;
import io.modelledger.registry.prompt.api.PromptView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Prompts: immutable template versions, aliases with history, strict rendering, and diffs between versions. */
@RestController
@RequestMapping("/api/registry/prompts")
class PromptController {

    static final String NAME = Names.NAME;
    static final String LABEL = Names.LABEL;

    private final CommandGateway commands;
    private final QueryGateway queries;

    PromptController(CommandGateway commands, QueryGateway queries) {
        this.commands = commands;
        this.queries = queries;
    }

    record RegisterPromptRequest(@NotBlank @Pattern(regexp = NAME, message = Names.NAME_MESSAGE) String name,
                                 @Size(max = 4000) String description,
                                 @Size(max = 64) Map<@NotBlank @jakarta.validation.constraints.Pattern(regexp = io.modelledger.contracts.Names.TAG_KEY, message = io.modelledger.contracts.Names.TAG_KEY_MESSAGE) String, @Size(max = 1024) String> tags) {
    }

    record RegisterPromptVersionRequest(@NotBlank @Size(max = 100_000) String template,
                                        @Size(max = 100) List<@Pattern(regexp = "^[A-Za-z_][A-Za-z0-9_]*$") String> variables,
                                        @Size(max = 64) String targetProvider, @Size(max = 128) String targetModel,
                                        @Size(max = 64) Map<String, Object> parameters,
                                        @NotBlank @Size(max = 2000) String commitMessage) {
    }

    record RegisteredPromptVersion(String promptName, int version, List<String> variables) {
    }

    record AliasRequest(@NotNull @Min(1) Integer version) {
    }

    record RenderRequest(@NotNull Map<String, Object> variables) {
    }

    record Rendered(String promptName, int version, String text, String targetProvider, String targetModel,
                    Map<String, Object> parameters) {
    }

    /** What changed between two versions: the template as a unified diff, and every other field that differs. */
    record PromptDiff(String promptName, int from, int to, String templateDiff, Map<String, List<Object>> changedFields) {
    }

    @PostMapping
    ResponseEntity<PromptView> register(@Valid @RequestBody RegisterPromptRequest request) {
        Map<String, String> tags = request.tags() == null ? Map.of() : request.tags();
        commands.sendAndWait(new RegisterPrompt(new PromptId(request.name()), request.description(), tags));
        return ResponseEntity.created(URI.create("/api/registry/prompts/" + request.name()))
                             .body(new PromptView(request.name(), request.description(), tags, 0, Map.of(), null, null, Map.of()));
    }

    /** Prompts by name, filtered; {@code next} is the cursor ({@code after}) of the following page. */
    @GetMapping
    PromptPage list(@RequestParam(required = false) String after,
                                            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit,
                                            @RequestParam(required = false) @Pattern(regexp = "^[^:]{1,128}:.{0,1024}$", message = "must be key:value") String tag,
                                            @RequestParam(required = false) @Pattern(regexp = LABEL) String alias,
                                            @RequestParam(required = false) @Size(max = 200) String q) {
        return queries.query(new ListPrompts(after, limit, tag, alias, q),
                             ResponseTypes.instanceOf(PromptPage.class)).join();
    }

    @GetMapping("/{name}")
    PromptView get(@PathVariable @Pattern(regexp = NAME) String name) {
        return queries.query(new FindPrompt(name), ResponseTypes.optionalInstanceOf(PromptView.class))
                      .join().orElseThrow(() -> new NotFoundException("No prompt named '" + name + "'"));
    }

    @PostMapping("/{name}/versions")
    ResponseEntity<RegisteredPromptVersion> registerVersion(@PathVariable @Pattern(regexp = NAME) String name,
                                                            @Valid @RequestBody RegisterPromptVersionRequest request) {
        int version = commands.sendAndWait(new RegisterPromptVersion(new PromptId(name), request.template(), request.variables(),
                                                                     request.targetProvider(), request.targetModel(),
                                                                     request.parameters(), request.commitMessage()));
        return ResponseEntity.created(URI.create("/api/registry/prompts/" + name + "/versions/" + version))
                             .body(new RegisteredPromptVersion(name, version, PromptTemplate.variables(request.template())));
    }

    @GetMapping("/{name}/versions/{version}")
    PromptVersionView version(@PathVariable @Pattern(regexp = NAME) String name, @PathVariable @Min(1) int version) {
        return queries.query(new FindPromptVersion(name, version),
                             ResponseTypes.optionalInstanceOf(PromptVersionView.class)).join()
                      .orElseThrow(() -> new NotFoundException("Prompt '" + name + "' has no version " + version));
    }

    /** Fills the template; every missing or unknown variable is a 400 naming it ({@code variables.<name>}). */
    @PostMapping("/{name}/versions/{version}/render")
    Rendered render(@PathVariable @Pattern(regexp = NAME) String name, @PathVariable @Min(1) int version,
                    @Valid @RequestBody RenderRequest request) {
        PromptVersionView prompt = version(name, version);
        Map<String, String> problems = PromptTemplate.problems(prompt.template(), request.variables());
        if (!problems.isEmpty()) {
            Map.Entry<String, String> first = problems.entrySet().iterator().next();
            throw new FieldException("variables." + first.getKey(), problems.entrySet().stream()
                    .map(p -> p.getKey() + " " + p.getValue()).reduce((a, b) -> a + "; " + b).orElseThrow());
        }
        return new Rendered(name, version, PromptTemplate.render(prompt.template(), request.variables()),
                            prompt.targetProvider(), prompt.targetModel(), prompt.parameters());
    }

    @GetMapping("/{name}/diff")
    PromptDiff diff(@PathVariable @Pattern(regexp = NAME) String name, @RequestParam @Min(1) int from, @RequestParam @Min(1) int to) {
        PromptVersionView a = version(name, from);
        PromptVersionView b = version(name, to);
        List<String> before = a.template().lines().toList();
        List<String> after = b.template().lines().toList();
        String unified = String.join("\n", UnifiedDiffUtils.generateUnifiedDiff(
                name + "@" + from, name + "@" + to, before, DiffUtils.diff(before, after), 3));
        Map<String, List<Object>> changed = new LinkedHashMap<>();
        compare(changed, "variables", a.variables(), b.variables());
        compare(changed, "targetProvider", a.targetProvider(), b.targetProvider());
        compare(changed, "targetModel", a.targetModel(), b.targetModel());
        compare(changed, "parameters", a.parameters(), b.parameters());
        return new PromptDiff(name, from, to, unified, changed);
    }

    @PutMapping("/{name}/aliases/{alias}")
    Map<String, Object> assignAlias(@PathVariable @Pattern(regexp = NAME) String name,
                                    @PathVariable @Pattern(regexp = LABEL, message = Names.LABEL_MESSAGE) String alias,
                                    @Valid @RequestBody AliasRequest request) {
        commands.sendAndWait(new AssignPromptAlias(new PromptId(name), alias, request.version()));
        return Map.of("promptName", name, "alias", alias, "version", request.version());
    }

    @GetMapping("/{name}/aliases/{alias}")
    PromptVersionView resolveAlias(@PathVariable @Pattern(regexp = NAME) String name, @PathVariable @Pattern(regexp = LABEL) String alias) {
        Integer version = get(name).aliases().get(alias);
        if (version == null) {
            throw new NotFoundException("Prompt '" + name + "' has no alias '" + alias + "'");
        }
        return version(name, version);
    }

    @GetMapping("/{name}/aliases/{alias}/history")
    PromptAliasHistory aliasHistory(@PathVariable @Pattern(regexp = NAME) String name, @PathVariable @Pattern(regexp = LABEL) String alias) {
        get(name);
        return queries.query(new FindPromptAliasHistory(name, alias),
                             ResponseTypes.instanceOf(PromptAliasHistory.class)).join();
    }

    private static void compare(Map<String, List<Object>> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.put(field, java.util.Arrays.asList(before, after));
        }
    }
}
