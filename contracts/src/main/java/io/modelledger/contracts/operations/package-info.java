/** Events of operating the platform that an auditor should see: read models skipped or rebuilt by an admin. */
package io.modelledger.contracts.operations;
