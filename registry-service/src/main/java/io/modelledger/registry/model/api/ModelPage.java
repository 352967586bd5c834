package io.modelledger.registry.model.api;

import java.util.List;

/** One page of models; {@code next} is the cursor of the following page, absent on the last one. */
public record ModelPage(List<ModelView> items, String next) {
}
