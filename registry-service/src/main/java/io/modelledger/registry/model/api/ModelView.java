package io.modelledger.registry.model.api;

import io.modelledger.contracts.registry.TrafficSplit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A model as the catalog shows it: its aliases, the policies protecting some, and where it serves. */
public record ModelView(String name, String description, Map<String, String> tags, int latestVersion,
                        Instant registeredAt, String registeredBy, Map<String, Integer> aliases,
                        Map<String, PolicyView> policies, Map<String, List<TrafficSplit>> deployments,
                        String ownerTeam, String taskType, String riskTier, boolean archived) {
}
