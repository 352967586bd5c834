package io.modelledger.eval.compare.api;

/** Identifies a Comparison aggregate. */
public record ComparisonId(String id) {

    @Override
    public String toString() {
        return "comparison:" + id;
    }
}
