package io.modelledger.platform.outbound;

import java.io.IOException;

/** A response body exceeded the cap; it was read up to the cap and dropped. */
public class ResponseTooLargeException extends IOException {

    public ResponseTooLargeException(String message) {
        super(message);
    }
}
