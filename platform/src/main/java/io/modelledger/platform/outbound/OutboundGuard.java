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

    /** Whether {@code host} is an internal one an operator allowed (a local endpoint: plain http is acceptable there). */
    public boolean allowedInternal(String host) {
        if (allowedNames.contains(host.toLowerCase(Locale.ROOT))) {
            return true;
        }
        try {
            for (InetAddress address : resolver.resolve(host)) {
                if (!internal(address) || !inAllowedRange(address)) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
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
                    || (first == 198 && (second == 18 || second == 19))           // benchmarking, often internal
                    || first >= 240;                                               // reserved, broadcast
        }
        InetAddress embedded = embeddedIpv4(b);
        if (embedded != null) {
            return internal(embedded);
        }
        if ((b[0] & 0xe0) != 0x20) {
            return true; // outside global unicast 2000::/3 (unique local fc00::/7 with fd00:ec2::254, AWS's metadata, among them)
        }
        return (b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && b[2] == 0 && b[3] == 0; // Teredo 2001::/32
    }

    /**
     * The IPv4 address an IPv6 address carries, for forms that reach it: IPv4-compatible {@code ::a.b.c.d},
     * NAT64 ({@code 64:ff9b::/96}, and the local-use {@code 64:ff9b:1::/48} as a whole) and 6to4 ({@code 2002::/16}).
     */
    private static InetAddress embeddedIpv4(byte[] b) {
        try {
            boolean zeroPrefix = true;
            for (int i = 0; i < 12; i++) {
                zeroPrefix &= b[i] == 0;
            }
            if (zeroPrefix && !(b[12] == 0 && b[13] == 0 && b[14] == 0 && (b[15] == 0 || b[15] == 1))) {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            }
            boolean nat64 = (b[0] & 0xff) == 0 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
            if (nat64 && b[4] == 0 && b[5] == 0 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0 && b[10] == 0 && b[11] == 0) {
                return InetAddress.getByAddress(new byte[]{b[12], b[13], b[14], b[15]});
            }
            if (nat64 && b[4] == 0 && (b[5] & 0xff) == 1) {
                return InetAddress.getByAddress(new byte[]{10, 0, 0, 0}); // local-use NAT64: treated as private
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return InetAddress.getByAddress(new byte[]{b[2], b[3], b[4], b[5]});
            }
            return null;
        } catch (UnknownHostException impossible) {
            return null;
        }
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
