/** Events of registry-service: models, versions, prompts, datasets, aliases, policies, promotions and deployments. */
@EmittedBy("registry-service")
package io.modelledger.contracts.registry;

import io.modelledger.contracts.EmittedBy;
