package io.modelledger.console.prompts;

import java.util.List;
import java.util.Map;

/** The lines of a prompt diff's unified template diff ({@code GET /api/registry/prompts/{name}/diff}), for display. */
public final class TemplateDiff {

    private TemplateDiff() {
    }

    public static List<String> lines(Map<String, Object> diff) {
        return diff.get("templateDiff") instanceof String unified && !unified.isEmpty() ? unified.lines().toList() : List.of();
    }
}
