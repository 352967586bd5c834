package io.modelledger.monitor.deployment.api;

/** Every deployment still serving traffic; answered with a list of {@link Deployment}. */
public record ListActiveDeployments() {
}
