/**
 * A miniature service ({@code svc}) and a second one ({@code other}) that break every rule of
 * {@code ServiceArchitecture} once, so {@code ServiceArchitectureTest} can prove that each rule catches its
 * violation. Nothing uses these classes.
 */
package io.modelledger.platform.test.violations;
