/** Events of eval-service: suites, runs, verdicts and comparisons. */
@EmittedBy("eval-service")
package io.modelledger.contracts.eval;

import io.modelledger.contracts.EmittedBy;
