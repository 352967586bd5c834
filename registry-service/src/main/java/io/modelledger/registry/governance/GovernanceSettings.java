package io.modelledger.registry.governance;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.Set;

/**
 * Governance defaults ({@code modelledger.governance.*}).
 *
 * @param protectedAliases aliases that are closed by default: nobody moves them, directly or by a
 *                         promotion, until an admin has defined a policy for them
 * @param changeTtl        how long a four-eyes request (a policy change, a privileged key) waits for its
 *                         second admin before it lapses
 */
@ConfigurationProperties("modelledger.governance")
public record GovernanceSettings(Set<String> protectedAliases, Duration changeTtl) {

    public GovernanceSettings {
        protectedAliases = protectedAliases == null ? Set.of("production") : Set.copyOf(protectedAliases);
        changeTtl = changeTtl == null ? Duration.ofDays(3) : changeTtl;
    }

    public static GovernanceSettings defaults() {
        return new GovernanceSettings(null, null);
    }
}
