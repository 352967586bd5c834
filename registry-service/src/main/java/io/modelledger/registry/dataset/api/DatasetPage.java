package io.modelledger.registry.dataset.api;

import java.util.List;

public record DatasetPage(List<DatasetView> items, String next) {
}
