package io.modelledger.platform.test.violations.svc.alpha;

import io.modelledger.platform.test.violations.other.Foreign;
import io.modelledger.platform.test.violations.svc.beta.Beta;

/** Violates two rules: a cycle with {@code beta}, and a call into another service's code. */
public class Alpha {

    public Beta beta() {
        return new Beta();
    }

    public String foreign() {
        return new Foreign().name();
    }
}
