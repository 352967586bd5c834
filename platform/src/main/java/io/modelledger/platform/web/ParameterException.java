package io.modelledger.platform.web;

/** A path or query parameter that converted but is not acceptable; its message is shown to the client. */
public class ParameterException extends IllegalArgumentException {

    public ParameterException(String message) {
        super(message);
    }
}
