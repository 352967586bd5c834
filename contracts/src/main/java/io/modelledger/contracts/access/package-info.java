/** Identity and access: roles, the route matrix, the internal token, and API key lifecycle events (registry-service). */
@EmittedBy("registry-service")
package io.modelledger.contracts.access;

import io.modelledger.contracts.EmittedBy;
