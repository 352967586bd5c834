package io.modelledger.monitor.telemetry.api;

/**
 * The text of one LLM call: what went in, what came out, and the context retrieved for it (each may be null).
 * Read on demand: an OTLP span keeps its attributes and parses its messages only when a check or content capture
 * asks, so the text of calls nobody scores costs nothing.
 */
public interface CallText {

    String input();

    String output();

    String context();

    /** Text that is already at hand (a JSON telemetry record's). */
    record Of(String input, String output, String context) implements CallText {
    }
}
