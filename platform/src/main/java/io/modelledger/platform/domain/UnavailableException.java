package io.modelledger.platform.domain;

/** A decision cannot be made now (e.g. the read model a gate reads is stopped or behind): answered 503 with the reason. */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message) {
        super(message);
    }
}
