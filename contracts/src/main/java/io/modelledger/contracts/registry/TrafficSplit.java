package io.modelledger.contracts.registry;

/** Share of an environment's traffic served by one model version, in percent. */
public record TrafficSplit(int version, int percent) {
}
