package io.modelledger.contracts.access;

import java.util.List;

/** The roles a caller can hold. Every route's allowed roles are listed in {@link AccessMatrix}. */
public final class Roles {

    /** Read registry, evaluation and monitoring data. */
    public static final String VIEWER = "viewer";
    /** Register and upload, start runs, request promotions. */
    public static final String CONTRIBUTOR = "contributor";
    /** Approve or reject promotions. */
    public static final String APPROVER = "approver";
    /** Send telemetry and feedback, nothing else. */
    public static final String INGEST = "ingest";
    /** Query and export the audit trail. */
    public static final String AUDITOR = "auditor";
    /** Manage keys and policies; may do everything. */
    public static final String ADMIN = "admin";
    /** Held only by the gateway's own calls to services' internal endpoints. */
    public static final String INTERNAL = "internal";

    public static final List<String> ASSIGNABLE = List.of(VIEWER, CONTRIBUTOR, APPROVER, INGEST, AUDITOR, ADMIN);

    private Roles() {
    }
}
