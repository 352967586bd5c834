package io.modelledger.registry.model.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.modelledger.contracts.registry.TrafficSplit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A model as the catalog shows it: its aliases, the policies protecting some, and where it serves.
 * {@code revision} is the sequence number of the model aggregate's last event this view reflects: the web
 * answers it as the ETag, not in the body, so body and ETag always describe the same state.
 */
public record ModelView(String name, String description, Map<String, String> tags, int latestVersion,
                        Instant registeredAt, String registeredBy, Map<String, Integer> aliases,
                        Map<String, PolicyView> policies, Map<String, List<TrafficSplit>> deployments,
                        String ownerTeam, String taskType, String riskTier, boolean archived,
                        @JsonIgnore long revision) {
}
