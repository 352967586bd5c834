package io.modelledger.contracts.registry;

import java.util.Map;

/** A model's description, owner team, risk tier or tags changed; the event carries their new values. */
public record ModelDetailsChanged(String modelName, String description, String ownerTeam, String riskTier,
                                  Map<String, String> tags) {

    public ModelDetailsChanged {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
