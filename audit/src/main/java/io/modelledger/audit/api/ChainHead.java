package io.modelledger.audit.api;

import io.modelledger.contracts.audit.AuditEntry;

/**
 * The newest link: its sequence and hash, the highest store position chained so far, and up to which
 * sequence the chain is of format 1 (where sequence and position are the same).
 */
public record ChainHead(long sequence, long position, String hash, long format1Until) {

    public static final ChainHead EMPTY = new ChainHead(0, 0, AuditEntry.GENESIS, 0);
}
