package io.modelledger.platform.test.violations.svc.gamma;

import java.time.Instant;

/** Violates the time rule: it reads the wall clock instead of the injected Clock. */
public class ReadsTheWallClock {

    public Instant now() {
        return Instant.now();
    }
}
