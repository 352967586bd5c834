package io.modelledger.audit.query;

import io.modelledger.audit.api.AuditFilter;
import io.modelledger.audit.api.AuditPage;
import io.modelledger.audit.api.AuditPublicKey;
import io.modelledger.audit.api.ChainHead;
import io.modelledger.audit.api.ChainVerification;
import io.modelledger.audit.api.ExportPage;
import io.modelledger.audit.api.FindAuditEntries;
import io.modelledger.audit.api.FindChainHead;
import io.modelledger.audit.api.FindDossier;
import io.modelledger.audit.api.FindExportPage;
import io.modelledger.audit.api.FindModelState;
import io.modelledger.audit.api.FindSigningKey;
import io.modelledger.audit.api.ListCheckpoints;
import io.modelledger.audit.api.ModelState;
import io.modelledger.audit.api.SignManifest;
import io.modelledger.audit.api.VerifyChain;
import io.modelledger.contracts.audit.AuditBundle;
import io.modelledger.contracts.audit.AuditCheckpoint;
import io.modelledger.contracts.audit.AuditEntry;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Optional;

/** Answers the audit queries: search, point-in-time state, dossier, chain head and verification, exports and their signature. */
@Component
class AuditQueries {

    static final int EXPORT_PAGE = 500;

    private final AuditIndex index;
    private final AuditEntries entries;
    private final AuditVerification verification;
    private final AuditSigningKey signingKey;
    private final AuditCheckpointSink checkpoints;

    AuditQueries(AuditIndex index, AuditEntries entries, AuditVerification verification, AuditSigningKey signingKey,
                 AuditCheckpointSink checkpoints) {
        this.index = index;
        this.entries = entries;
        this.verification = verification;
        this.signingKey = signingKey;
        this.checkpoints = checkpoints;
    }

    @QueryHandler
    AuditPage handle(FindAuditEntries query) {
        return index.search(query.filter(), query.after(), query.limit());
    }

    @QueryHandler
    Optional<ModelState> handle(FindModelState query) {
        List<AuditEntry> trail = index.all(new AuditFilter("model:" + query.modelName(), null, null, null, null, null, null,
                                                           query.at().plusNanos(1)));
        return trail.isEmpty() ? Optional.empty() : Optional.of(ModelStateAt.fold(query.modelName(), query.at(), trail));
    }

    @QueryHandler
    Optional<String> handle(FindDossier query) {
        List<AuditEntry> trail = index.all(new AuditFilter("model:" + query.modelName(), null, null, null, null, null, null, null));
        return trail.isEmpty() ? Optional.empty()
                : Optional.of(Dossier.render(query.modelName(), trail, entries.head().orElse(null), query.by(), query.at()));
    }

    @QueryHandler
    Optional<ChainHead> handle(FindChainHead query) {
        return entries.head();
    }

    @QueryHandler
    ChainVerification handle(VerifyChain query) {
        List<AuditCheckpoint> external;
        try {
            external = checkpoints.all();
        } catch (IllegalStateException altered) {
            ChainVerification chain = verification.verify(query.maxBreaks(), List.of(), signingKey.publicKey());
            return new ChainVerification(false, chain.checked(), chain.rootHash(), chain.breaks(),
                                         new AuditCheckpoint.Check(0, new AuditCheckpoint.Disagreement(0, 0, altered.getMessage())));
        }
        return verification.verify(query.maxBreaks(), external, signingKey.publicKey());
    }

    @QueryHandler
    List<AuditCheckpoint> handle(ListCheckpoints query) {
        return checkpoints.all();
    }

    @QueryHandler
    AuditPublicKey handle(FindSigningKey query) {
        return new AuditPublicKey(signingKey.keyId(), "Ed25519", signingKey.publicKeyBase64());
    }

    @QueryHandler
    ExportPage handle(FindExportPage query) {
        if (query.filter().equals(AuditFilter.NONE)) {
            ChainHead head = query.head();
            long from = Math.max(1, query.cursor());
            if (head == null || from > head.sequence()) {
                return new ExportPage(List.of(), null);
            }
            long to = Math.min(head.sequence(), from + EXPORT_PAGE - 1);
            return new ExportPage(entries.asStoredNow(entries.chainWindow(head, from, to)), to < head.sequence() ? to + 1 : null);
        }
        AuditPage page = index.search(query.filter(), query.cursor(), EXPORT_PAGE);
        return new ExportPage(entries.asStoredNow(page.items()), page.next());
    }

    @QueryHandler
    String handle(SignManifest query) throws GeneralSecurityException {
        return AuditBundle.sign(query.manifest(), signingKey.privateKey());
    }
}
