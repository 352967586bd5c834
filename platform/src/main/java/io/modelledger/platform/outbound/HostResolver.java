package io.modelledger.platform.outbound;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Name resolution for outbound calls; the system resolver unless a test replaces it with a stub. */
@FunctionalInterface
public interface HostResolver {

    InetAddress[] resolve(String host) throws UnknownHostException;

    static HostResolver system() {
        return InetAddress::getAllByName;
    }
}
