package io.modelledger.audit.api;

import io.modelledger.contracts.audit.AuditCheckpoint;
import java.util.List;

/** The chain recomputed from the store ({@code breaks}) and compared with the external checkpoints ({@code checkpoints}). */
public record ChainVerification(boolean intact, long checked, String rootHash, List<ChainBreak> breaks, AuditCheckpoint.Check checkpoints) {
}
