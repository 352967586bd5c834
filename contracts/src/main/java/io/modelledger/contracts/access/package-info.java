/** Identity and access: roles, the route matrix, the internal token, and API key lifecycle events. */
package io.modelledger.contracts.access;
