package io.modelledger.platform.test.violations.svc.gamma;

import java.time.Clock;
import java.time.Instant;
import java.util.Date;

/** Violates the time rule four ways: it reads the wall clock instead of the injected Clock. */
public class ReadsTheWallClock {

    public Instant now() {
        return Instant.now();
    }

    public Clock clock() {
        return Clock.systemUTC();
    }

    public long millis() {
        return System.currentTimeMillis();
    }

    public Date date() {
        return new Date();
    }
}
