package io.modelledger.platform.test.violations.svc.ledger.api;

import org.springframework.stereotype.Service;

/** Violates the api package's purpose: a component (meta-annotated, here a service) among the messages web code may use. */
@Service
public class LedgerBootstrap {
}
