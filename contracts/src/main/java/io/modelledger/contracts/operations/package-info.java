/**
 * Events of operating the platform that an auditor should see: read models skipped or rebuilt by an admin. Any
 * service's platform layer emits them; the audit records them under {@code operations}.
 */
@EmittedBy("operations")
package io.modelledger.contracts.operations;

import io.modelledger.contracts.EmittedBy;
