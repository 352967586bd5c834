package io.modelledger.platform.domain;

/** The caller may not do this, whatever their roles (e.g. approving their own request): answered with 403. */
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
