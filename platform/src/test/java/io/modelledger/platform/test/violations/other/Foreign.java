package io.modelledger.platform.test.violations.other;

/** Code of another service. */
public class Foreign {

    public String name() {
        return "other";
    }
}
