package io.modelledger.monitor.alert.api;

/** One alert by id; answered with an optional {@link AlertView}. */
public record FindAlert(String alertId) {
}
