package jp.renkei.gateway.edge;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Who a request comes from, as the rate limits count clients: the connection's address, or — only when that is one of
 * the configured proxies ({@code renkei.gateway.trusted-proxies}, addresses or CIDR ranges) — the nearest address in
 * {@code X-Forwarded-For} that is not a trusted proxy itself. A client cannot name itself by sending the header.
 * IPv6 clients count by their /64, which one subscriber usually holds whole.
 */
@Component
@EnableConfigurationProperties(ClientAddresses.TrustedProxies.class)
public class ClientAddresses {

    /** {@code renkei.gateway.trusted-proxies}: e.g. {@code 10.0.0.0/8, 192.0.2.7}; none by default. */
    @ConfigurationProperties("renkei.gateway")
    public record TrustedProxies(List<String> trustedProxies) {
        public TrustedProxies {
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }
    }

    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final List<Range> proxies;

    public ClientAddresses(TrustedProxies trusted) {
        this.proxies = trusted.trustedProxies().stream().map(Range::parse).toList();
    }

    /** The client's key: an IPv4 address, or an IPv6 address's /64 prefix. */
    public String clientOf(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return "unknown";
        }
        if (isTrustedProxy(address)) {
            List<String> forwarded = request.getHeaders().getValuesAsList(FORWARDED_FOR);
            for (int i = forwarded.size() - 1; i >= 0; i--) {
                InetAddress hop = literal(forwarded.get(i).strip());
                if (hop == null) {
                    break;
                }
                address = hop;
                if (!isTrustedProxy(hop)) {
                    break;
                }
            }
        }
        return keyOf(address);
    }

    static String keyOf(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            Arrays.fill(bytes, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(bytes).getHostAddress() + "/64";
            } catch (UnknownHostException impossible) {
                throw new IllegalStateException(impossible);
            }
        }
        return address.getHostAddress();
    }

    private boolean isTrustedProxy(InetAddress address) {
        return proxies.stream().anyMatch(range -> range.contains(address));
    }

    /** An IP address written as a literal, never a name to look up; null for anything else. */
    private static InetAddress literal(String text) {
        String candidate = text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
        if (candidate.isEmpty() || !candidate.matches("[0-9A-Fa-f:.]+") || !candidate.matches(".*[.:].*")) {
            return null;
        }
        try {
            return InetAddress.getByName(candidate);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An address range: a network address and how many leading bits must match. */
    private record Range(byte[] network, int bits) {

        static Range parse(String text) {
            String[] parts = text.strip().split("/", 2);
            InetAddress address = literal(parts[0]);
            if (address == null) {
                throw new IllegalArgumentException("renkei.gateway.trusted-proxies: not an IP address or range: "
                        + text);
            }
            int bits = parts.length == 2 ? Integer.parseInt(parts[1]) : address.getAddress().length * 8;
            return new Range(address.getAddress(), bits);
        }

        boolean contains(InetAddress address) {
            byte[] candidate = address.getAddress();
            if (candidate.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >> (bit % 8);
                if ((candidate[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }
}
