package io.modelledger.platform.outbound;

import java.net.UnknownHostException;

/** A host resolved to an address outbound calls may not reach; no connection was opened. */
public class RefusedAddressException extends UnknownHostException {

    public RefusedAddressException(String message) {
        super(message);
    }
}
