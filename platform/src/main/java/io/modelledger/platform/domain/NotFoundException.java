package io.modelledger.platform.domain;

/** A resource the request names does not exist: answered with 404 problem+json. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
