package io.modelledger.platform.test.violations.svc.beta;

import io.modelledger.platform.test.violations.svc.alpha.Alpha;

/** The other half of the cycle. */
public class Beta {

    public Alpha alpha() {
        return new Alpha();
    }
}
