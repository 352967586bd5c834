package io.modelledger.registry.prompt.api;

import java.util.List;

public record PromptPage(List<PromptView> items, String next) {
}
