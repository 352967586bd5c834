package io.modelledger.registry.model.api;

import java.util.List;

/** One page of a model's versions; {@code next} is the cursor of the following page, absent on the last one. */
public record ModelVersionPage(List<ModelVersionView> items, String next) {
}
