/** Events of registry-service: models, versions, and (later) prompts, datasets, aliases, promotions. */
package io.modelledger.contracts.registry;
