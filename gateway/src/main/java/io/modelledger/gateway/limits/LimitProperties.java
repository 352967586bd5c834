package io.modelledger.gateway.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Limits at the gateway, under {@code modelledger.gateway.limits}.
 *
 * @param requestsPerSecond sustained requests per second per caller (API key or identity)
 * @param burst             requests a caller may make at once before the sustained rate applies
 * @param maxBody           the largest request body per path prefix (longest prefix wins)
 * @param defaultMaxBody    the largest request body elsewhere
 * @param mongodbUri        a MongoDB to keep the buckets in, shared by every gateway replica; empty: each
 *                          replica keeps its own
 * @param refillPeriod      the period over which {@code requestsPerSecond} tokens are added back (1 s; tests
 *                          stretch it)
 */
@ConfigurationProperties("modelledger.gateway.limits")
public record LimitProperties(Long requestsPerSecond, Long burst, Map<String, DataSize> maxBody, DataSize defaultMaxBody,
                              String mongodbUri, Duration refillPeriod) {

    public LimitProperties {
        requestsPerSecond = requestsPerSecond == null ? 50L : requestsPerSecond;
        burst = burst == null ? 100L : burst;
        maxBody = maxBody == null ? Map.of() : new LinkedHashMap<>(maxBody);
        defaultMaxBody = defaultMaxBody == null ? DataSize.ofMegabytes(1) : defaultMaxBody;
        refillPeriod = refillPeriod == null ? Duration.ofSeconds(1) : refillPeriod;
    }

    public DataSize maxBodyFor(String path) {
        return maxBody.entrySet().stream()
                      .filter(e -> path.startsWith(e.getKey()))
                      .max(java.util.Comparator.comparingInt(e -> e.getKey().length()))
                      .map(Map.Entry::getValue)
                      .orElse(defaultMaxBody);
    }
}
