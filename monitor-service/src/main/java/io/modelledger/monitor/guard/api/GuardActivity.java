package io.modelledger.monitor.guard.api;

import java.util.Map;

/**
 * Texts checked over a range, by decision, and per check how many of them it blocked, redacted or logged; {@code metrics}
 * are the same as rates, named as the monitor's windows name them ({@code guard_block_rate}, {@code guard_block_rate:injection}).
 */
public record GuardActivity(long checked, Map<String, Long> decisions, Map<String, Map<String, Long>> byCheck,
                            Map<String, Double> metrics) {
}
