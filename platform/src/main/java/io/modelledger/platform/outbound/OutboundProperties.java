package io.modelledger.platform.outbound;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.util.List;

/**
 * Calls to hosts that users name (model endpoints, webhooks), {@code modelledger.outbound.*}.
 *
 * @param allowInternal    host names (as written in the URL) or addresses and CIDR ranges ({@code 127.0.0.1},
 *                         {@code 10.0.0.0/8}) that may be called although they are loopback, private,
 *                         link-local or cloud-metadata addresses; none by default
 * @param maxResponseBytes the largest response body read; a larger one is cut there and the call fails
 * @param connectTimeout   how long a connection may take
 */
@ConfigurationProperties("modelledger.outbound")
public record OutboundProperties(List<String> allowInternal, DataSize maxResponseBytes, Duration connectTimeout) {

    public OutboundProperties {
        allowInternal = allowInternal == null ? List.of() : List.copyOf(allowInternal);
        maxResponseBytes = maxResponseBytes == null ? DataSize.ofMegabytes(1) : maxResponseBytes;
        connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    }
}
