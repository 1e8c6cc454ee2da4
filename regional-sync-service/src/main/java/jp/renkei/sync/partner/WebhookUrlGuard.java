package jp.renkei.sync.partner;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps webhook requests from reaching the city's own network (SSRF): a webhook URL must be https and every address
 * its host resolves to must be a public one — no loopback, private, shared (CGNAT), link-local (cloud metadata),
 * multicast, reserved or unspecified address, also not when wrapped in IPv6 (IPv4-mapped, IPv4-compatible, NAT64,
 * 6to4). The check runs when an endpoint is registered, again before every attempt, and once more when the sender
 * connects: {@link #resolvePublic} is the sender's only way from a name to an address, so it connects to exactly the
 * addresses that passed in that same step, and a DNS name that answers a public address to the check and an
 * internal one a moment later (DNS rebinding) is refused, not connected to.
 *
 * <p>The allow-list names the exceptions by host and port ({@code 127.0.0.1:8090}, {@code [::1]:8090},
 * {@code partner-inbox:8090}): a URL on exactly that host and port skips the address checks and may use plain http.
 * A host without a port means the default port of the URL's scheme (80 for http, 443 for https); {@code host:*}
 * allows every port of the host, for a machine where the receivers' ports are not known in advance (tests).
 */
public class WebhookUrlGuard {

    private static final Pattern CANONICAL_IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");

    /** The port of an allow-list entry that names a host only: the URL's scheme decides. */
    private static final int SCHEME_DEFAULT_PORT = -1;
    private static final int ANY_PORT = -2;

    private final Set<AllowedAddress> allowList;
    private final HostResolver resolver;

    /** @param allowList entries {@code host:port}, {@code host} (the scheme's default port) or {@code host:*} */
    public WebhookUrlGuard(List<String> allowList) {
        this(allowList, InetAddress::getAllByName);
    }

    public WebhookUrlGuard(List<String> allowList, HostResolver resolver) {
        this.allowList = allowList.stream().map(AllowedAddress::parse).collect(Collectors.toSet());
        this.resolver = resolver;
    }

    /** Where names are resolved: the system's resolver, or a stand-in that answers what a test wants. */
    @FunctionalInterface
    public interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** @throws RefusedWebhookUrlException naming why the URL may not be used */
    public void check(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new RefusedWebhookUrlException("not a URL");
        }
        String host = uri.getHost();
        if (host == null || uri.getRawUserInfo() != null) {
            throw new RefusedWebhookUrlException("a webhook URL needs a host and no user information");
        }
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean allowed = allowed(bareHost, scheme, uri.getPort());
        if (!scheme.equals("https") && !(allowed && scheme.equals("http"))) {
            throw new RefusedWebhookUrlException("webhook URLs must use https");
        }
        if (allowed) {
            return;
        }
        if (looksLikeIpv4(bareHost) && !CANONICAL_IPV4.matcher(bareHost).matches()) {
            // 0177.0.0.1, 0x7f.1, 2130706433, 127.1: curl and browsers read these as 127.0.0.1, Java as something else
            throw new RefusedWebhookUrlException("an IPv4 address in a webhook URL must be written as four decimal "
                    + "numbers without leading zeros");
        }
        try {
            publicAddresses(bareHost);
        } catch (UnknownHostException e) {
            throw new RefusedWebhookUrlException("the host " + bareHost + " does not resolve");
        }
    }

    /**
     * The addresses to connect to for a host of a URL that passed {@link #check}: resolved once, and every one of them
     * public, unless the host is on the allow-list (on any port: the URL's port was checked before).
     *
     * @throws RefusedAddressException when the host resolves to an address that is not public
     * @throws UnknownHostException    when it does not resolve
     */
    public InetAddress[] resolvePublic(String host) throws UnknownHostException {
        String bareHost = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String name = bareHost.toLowerCase(Locale.ROOT);
        if (allowList.stream().anyMatch(allowed -> allowed.host().equals(name))) {
            return resolver.resolve(bareHost);
        }
        try {
            return publicAddresses(bareHost);
        } catch (RefusedWebhookUrlException refused) {
            throw new RefusedAddressException(refused.getMessage());
        }
    }

    private InetAddress[] publicAddresses(String bareHost) throws UnknownHostException {
        InetAddress[] addresses = resolver.resolve(bareHost);
        for (InetAddress address : addresses) {
            String why = notPublic(address);
            if (why != null) {
                // the category only: which internal address a name points at is not for the caller to learn
                throw new RefusedWebhookUrlException("the host " + bareHost + " resolves to " + why + " address");
            }
        }
        return addresses;
    }

    private boolean allowed(String host, String scheme, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("http") ? 80 : scheme.equals("https") ? 443 : SCHEME_DEFAULT_PORT;
        int effectivePort = port == -1 ? defaultPort : port;
        return allowList.contains(new AllowedAddress(name, ANY_PORT))
                || allowList.contains(new AllowedAddress(name, effectivePort))
                || effectivePort == defaultPort && allowList.contains(new AllowedAddress(name, SCHEME_DEFAULT_PORT));
    }

    /**
     * Whether a browser or curl would read the host as an IPv4 address: its last label is a number, decimal or
     * {@code 0x} hexadecimal (the WHATWG URL standard's rule; no top-level domain is numeric).
     */
    static boolean looksLikeIpv4(String host) {
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        String last = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return !last.isEmpty() && (last.chars().allMatch(Character::isDigit)
                || last.startsWith("0x") && last.substring(2).chars().allMatch(c -> Character.digit(c, 16) >= 0));
    }

    /** Why the address is not a public one, or null when it is. */
    static String notPublic(InetAddress address) {
        if (address instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            Inet4Address embedded = embeddedIpv4(b);
            if (embedded != null) {
                String why = notPublic(embedded);
                return why == null ? null : "an IPv6-wrapped " + why;
            }
            if (address.isAnyLocalAddress()) {
                return "an unspecified";
            }
            if (address.isLoopbackAddress()) {
                return "a loopback";
            }
            if (address.isLinkLocalAddress() || (b[0] & 0xff) == 0xfe && (b[1] & 0xc0) == 0xc0) {
                return "a link-local";
            }
            if ((b[0] & 0xfe) == 0xfc) {
                return "a private (unique local)";
            }
            if (address.isMulticastAddress()) {
                return "a multicast";
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x01 && (b[2] & 0xff) == 0x0d && (b[3] & 0xff) == 0xb8) {
                return "a documentation";
            }
            return null;
        }
        byte[] b = address.getAddress();
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0 || address.isAnyLocalAddress()) {
            return "an unspecified";
        }
        if (first == 127) {
            return "a loopback";
        }
        if (first == 10 || first == 172 && second >= 16 && second <= 31 || first == 192 && second == 168) {
            return "a private";
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return "a shared (CGNAT)";
        }
        if (first == 169 && second == 254) {
            return "a link-local (cloud metadata)";
        }
        if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
            return "a reserved (IETF protocol)";
        }
        if (first == 198 && (second == 18 || second == 19)) {
            return "a reserved (benchmarking)";
        }
        if (first >= 224) {
            return first < 240 ? "a multicast" : "a reserved";
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible, NAT64 (64:ff9b::/96) or 6to4 (2002::/16) address. */
    private static Inet4Address embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0 && !(b[12] == 0 && b[13] == 0 && b[14] == 0);
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        try {
            if (mapped || compatible || nat64) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
            }
            if ((b[0] & 0xff) == 0x20 && (b[1] & 0xff) == 0x02) {
                return (Inet4Address) InetAddress.getByAddress(new byte[] {b[2], b[3], b[4], b[5]});
            }
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
        return null;
    }

    /** An allow-list entry: a host (lower case, IPv6 without brackets) and a port, or one of the two markers. */
    record AllowedAddress(String host, int port) {

        static AllowedAddress parse(String entry) {
            String text = entry.trim().toLowerCase(Locale.ROOT);
            String host;
            String port;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                if (close < 0 || close + 1 < text.length() && text.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("webhook allow-list entry '" + entry + "' is not [ipv6]:port");
                }
                host = text.substring(1, close);
                port = close + 1 < text.length() ? text.substring(close + 2) : null;
            } else if (text.indexOf(':') != text.lastIndexOf(':')) {
                // a bare IPv6 address: its colons are not a port
                host = text;
                port = null;
            } else {
                int colon = text.indexOf(':');
                host = colon < 0 ? text : text.substring(0, colon);
                port = colon < 0 ? null : text.substring(colon + 1);
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("webhook allow-list entry '" + entry + "' has no host");
            }
            if (port == null) {
                return new AllowedAddress(host, SCHEME_DEFAULT_PORT);
            }
            if (port.equals("*")) {
                return new AllowedAddress(host, ANY_PORT);
            }
            try {
                int number = Integer.parseInt(port);
                if (number >= 1 && number <= 65535) {
                    return new AllowedAddress(host, number);
                }
            } catch (NumberFormatException notANumber) {
                // refused below
            }
            throw new IllegalArgumentException("webhook allow-list entry '" + entry + "' has no port 1-65535 or *");
        }
    }

    /** A host that resolved to an address that is not public when the sender was about to connect. */
    public static class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String reason) {
            super(reason);
        }
    }

    /** A webhook URL that may not be used, and why. */
    public static class RefusedWebhookUrlException extends RuntimeException {
        public RefusedWebhookUrlException(String reason) {
            super(reason);
        }
    }
}
