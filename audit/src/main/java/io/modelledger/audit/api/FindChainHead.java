package io.modelledger.audit.api;

/** The newest link of the chain; answered with an optional {@link ChainHead} (empty while the trail is empty). */
public record FindChainHead() {
}
