package io.modelledger.monitor;

import io.modelledger.contracts.access.Roles;
import io.modelledger.platform.axon.RoleCheckInterceptor;
import io.modelledger.platform.metadata.RequestMetadata;

/**
 * Who may read people's text that the monitor kept (captured prompts and answers, blocked texts): admins and auditors
 * only. Other readers see that a record or a block exists, never its text.
 */
public final class ContentAccess {

    private ContentAccess() {
    }

    /** Whether the caller of the current request holds a role that may read kept text. */
    public static boolean callerMayRead() {
        var roles = RoleCheckInterceptor.roles(RequestMetadata.current().map(RequestMetadata::actorRoles).orElse(null));
        return roles.contains(Roles.ADMIN) || roles.contains(Roles.AUDITOR);
    }
}
