package io.modelledger.eval;

import io.modelledger.platform.test.ServiceArchitecture;
import org.junit.jupiter.api.Test;

class EvalArchitectureTest {

    @Test
    void keepsTheServiceArchitecture() {
        ServiceArchitecture.check("io.modelledger.eval");
    }
}
