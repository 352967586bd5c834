/** Events of monitor-service: monitoring policies, reference profiles, alert rules, alerts, feedback and the feedback loop. */
@EmittedBy("monitor-service")
package io.modelledger.contracts.monitor;

import io.modelledger.contracts.EmittedBy;
