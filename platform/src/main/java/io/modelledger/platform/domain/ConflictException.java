package io.modelledger.platform.domain;

/** The request conflicts with the current state (a name taken, a stale version): answered with 409. */
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
