package io.modelledger.eval.suite.api;

/** Identifies a Suite aggregate; the string form is unique across all aggregates of the store. */
public record SuiteId(String name) {

    @Override
    public String toString() {
        return "suite:" + name;
    }
}
