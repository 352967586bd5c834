package io.modelledger.registry.audit.query;

import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;

/**
 * The audit chain is never skipped: an error while chaining propagates, so the processor releases its
 * batch and retries it (with back-off) instead of logging the error and moving past the event, which would
 * leave a hole in the chain for good.
 */
@Configuration(proxyBeanMethods = false)
class AuditConfiguration {

    @Autowired
    void neverSkip(EventProcessingConfigurer processing) {
        processing.registerListenerInvocationErrorHandler(AuditLogProjection.GROUP, configuration -> PropagatingErrorHandler.instance());
    }
}
