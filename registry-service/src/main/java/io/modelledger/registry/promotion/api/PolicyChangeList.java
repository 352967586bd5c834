package io.modelledger.registry.promotion.api;

import java.util.List;

/** Policy changes, newest request first. */
public record PolicyChangeList(List<PolicyChangeView> items) {
}
