package io.modelledger.monitor;

import io.modelledger.platform.test.ServiceArchitecture;
import org.junit.jupiter.api.Test;

class MonitorArchitectureTest {

    @Test
    void keepsTheServiceArchitecture() {
        ServiceArchitecture.check("io.modelledger.monitor");
    }
}
