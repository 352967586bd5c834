package io.modelledger.platform.outbound;

import io.modelledger.platform.domain.FieldException;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decides which addresses outbound calls may reach: public addresses, and internal ones (loopback, private,
 * link-local including cloud metadata at 169.254.169.254, unique-local, carrier-grade NAT, unspecified,
 * multicast) only when an operator allowed the host name or the address explicitly. A name is resolved once,
 * every address it resolves to is checked, and {@link GuardedHttp} connects to exactly those addresses, so a
 * second DNS answer (rebinding) cannot move the call elsewhere.
 */
public final class OutboundGuard {

    private final HostResolver resolver;
    private final List<String> allowedNames = new ArrayList<>();
    private final List<byte[][]> allowedRanges = new ArrayList<>(); // {network, mask}

    public OutboundGuard(HostResolver resolver, List<String> allowInternal) {
        this.resolver = resolver;
        for (String entry : allowInternal) {
            String trimmed = entry.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            byte[][] range = range(trimmed);
            if (range != null) {
                allowedRanges.add(range);
            } else {
                allowedNames.add(trimmed.toLowerCase(Locale.ROOT));
            }
        }
    }

    /**
     * Refuses, naming {@code field}, a URL outbound calls may not reach: not absolute http(s), or a host that
     * does not resolve or resolves to an internal address nobody allowed. Decided before any connection.
     */
    public void check(URI uri, String field) {
        if (uri == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new FieldException(field, "must be an absolute http(s) URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new FieldException(field, "must not carry credentials in the URL");
        }
        try {
            resolve(uri.getHost());
        } catch (RefusedAddressException e) {
            throw new FieldException(field, e.getMessage());
        } catch (UnknownHostException e) {
            throw new FieldException(field, "host " + uri.getHost() + " does not resolve");
        }
    }

    /** The addresses of {@code host}, every one permitted, or a {@link RefusedAddressException} naming the first that is not. */
    public InetAddress[] resolve(String host) throws UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses == null || addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        boolean nameAllowed = allowedNames.contains(name.toLowerCase(Locale.ROOT));
        for (InetAddress address : addresses) {
            if (!nameAllowed && internal(address) && !inAllowedRange(address)) {
                throw new RefusedAddressException("host " + host + " resolves to " + address.getHostAddress() + ", a "
                        + kind(address) + " address; outbound calls reach it only if allowed in modelledger.outbound.allow-internal");
            }
        }
        return addresses;
    }

    /** Whether an address is one a call from a server must not reach unless allowed. */
    static boolean internal(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress() || a.isSiteLocalAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) // unspecified, carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)       // IETF protocol assignments
                    || first >= 240;                                               // reserved, broadcast
        }
        return (b[0] & 0xfe) == 0xfc; // IPv6 unique local fc00::/7 (fd00:ec2::254 is AWS's metadata)
    }

    private static String kind(InetAddress address) {
        InetAddress a = unmapped(address);
        if (a.isLoopbackAddress()) {
            return "loopback";
        }
        if (a.isLinkLocalAddress()) {
            return "link-local (cloud metadata)";
        }
        return a.isSiteLocalAddress() || (a instanceof Inet6Address && (a.getAddress()[0] & 0xfe) == 0xfc) ? "private" : "reserved";
    }

    /** An IPv4-mapped IPv6 address as the IPv4 address it maps. */
    private static InetAddress unmapped(InetAddress address) {
        byte[] b = address.getAddress();
        if (address instanceof Inet6Address && b.length == 16) {
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException impossible) {
                    return address;
                }
            }
        }
        return address;
    }

    private boolean inAllowedRange(InetAddress address) {
        byte[] b = unmapped(address).getAddress();
        for (byte[][] range : allowedRanges) {
            if (range[0].length != b.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < b.length && match; i++) {
                match = (b[i] & range[1][i]) == (range[0][i] & range[1][i]);
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** An address or CIDR range as {network, mask}; null when the entry is a host name. */
    private static byte[][] range(String entry) {
        String address = entry.contains("/") ? entry.substring(0, entry.indexOf('/')) : entry;
        if (!address.matches("[0-9.]+") && !address.contains(":")) {
            return null;
        }
        byte[] network;
        try {
            network = InetAddress.getByName(address).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("modelledger.outbound.allow-internal: '" + entry + "' is no address or range");
        }
        int bits = entry.contains("/") ? Integer.parseInt(entry.substring(entry.indexOf('/') + 1)) : network.length * 8;
        byte[] mask = new byte[network.length];
        for (int i = 0; i < mask.length; i++) {
            int remaining = Math.max(0, Math.min(8, bits - i * 8));
            mask[i] = (byte) (0xff << (8 - remaining));
        }
        return new byte[][]{network, mask};
    }
}
