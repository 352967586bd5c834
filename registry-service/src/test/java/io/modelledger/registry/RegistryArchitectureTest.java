package io.modelledger.registry;

import io.modelledger.platform.test.ServiceArchitecture;
import org.junit.jupiter.api.Test;

class RegistryArchitectureTest {

    @Test
    void keepsTheServiceArchitecture() {
        ServiceArchitecture.check("io.modelledger.registry");
    }
}
