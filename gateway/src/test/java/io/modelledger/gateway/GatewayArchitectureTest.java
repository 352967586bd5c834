package io.modelledger.gateway;

import io.modelledger.platform.test.ServiceArchitecture;
import org.junit.jupiter.api.Test;

class GatewayArchitectureTest {

    @Test
    void keepsTheServiceArchitecture() {
        ServiceArchitecture.check("io.modelledger.gateway");
    }
}
