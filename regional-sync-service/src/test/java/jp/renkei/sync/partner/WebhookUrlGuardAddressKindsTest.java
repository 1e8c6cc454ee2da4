package jp.renkei.sync.partner;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which addresses the SSRF guard counts as internal, and as what: every range edge, so that a range drawn one number
 * too wide or too narrow fails here. IPv6 addresses are built from their bytes, as a resolver's AAAA answer comes, so
 * that an IPv4 address wrapped in one stays wrapped (Java's parser turns {@code ::ffff:a.b.c.d} into IPv4 itself).
 */
class WebhookUrlGuardAddressKindsTest {

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "public", textBlock = """
            0.0.0.0,         an unspecified
            0.255.255.255,   an unspecified
            1.0.0.0,         public
            9.255.255.255,   public
            10.0.0.0,        a private
            10.255.255.255,  a private
            11.0.0.0,        public
            126.255.255.255, public
            127.0.0.1,       a loopback
            127.255.255.254, a loopback
            128.0.0.0,       public
            172.15.255.255,  public
            172.16.0.0,      a private
            172.31.255.255,  a private
            172.32.0.0,      public
            171.16.0.1,      public
            192.167.255.255, public
            192.168.0.0,     a private
            192.168.255.255, a private
            192.169.0.0,     public
            168.168.0.1,     public
            100.63.255.255,  public
            100.64.0.0,      a shared (CGNAT)
            100.127.255.255, a shared (CGNAT)
            100.128.0.0,     public
            99.64.0.1,       public
            169.254.169.254, a link-local (cloud metadata)
            169.253.255.255, public
            169.255.0.0,     public
            168.254.0.1,     public
            192.0.0.8,       a reserved (IETF protocol)
            192.0.1.0,       public
            192.1.0.0,       public
            193.0.0.1,       public
            198.17.255.255,  public
            198.18.0.0,      a reserved (benchmarking)
            198.19.255.255,  a reserved (benchmarking)
            198.20.0.0,      public
            199.18.0.1,      public
            93.184.216.34,   public
            223.255.255.255, public
            224.0.0.1,       a multicast
            239.255.255.255, a multicast
            240.0.0.0,       a reserved
            255.255.255.255, a reserved
            """)
    void knowsEachIpv4RangeToItsEdges(String address, String kind) throws UnknownHostException {
        assertThat(WebhookUrlGuard.notPublic(InetAddress.getByName(address))).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(nullValues = "public", textBlock = """
            ::,                        an unspecified
            ::1,                       a loopback
            ::2,                       public
            fe80::1,                   a link-local
            febf::1,                   a link-local
            fec0::1,                   a link-local
            feff::1,                   a link-local
            fe7f::1,                   public
            fc00::1,                   a private (unique local)
            fdff::1,                   a private (unique local)
            fbff::1,                   public
            ff02::1,                   a multicast
            2001:db8::1,               a documentation
            2001:db9::1,               public
            2001:cb8::1,               public
            2001:1db8::1,              public
            2002:db8::1,               public
            2003:db8::1,               public
            2101:db8::1,               public
            2606:4700::6810:85e5,      public
            ::ffff:7f00:1,             an IPv6-wrapped a loopback
            ::ffff:a9fe:a9fe,          an IPv6-wrapped a link-local (cloud metadata)
            ::ffff:5db8:d822,          public
            ::fffe:7f00:1,             public
            ::feff:7f00:1,             public
            1::ffff:7f00:1,            public
            0:0:0:0:1:ffff:7f00:1,     public
            ::7f00:1,                  an IPv6-wrapped a loopback
            ::a00:1,                   an IPv6-wrapped a private
            ::100,                     an IPv6-wrapped an unspecified
            ::1:0,                     an IPv6-wrapped an unspecified
            ::5db8:d822,               public
            64:ff9b::7f00:1,           an IPv6-wrapped a loopback
            64:ff9b::5db8:d822,        public
            65:ff9b::7f00:1,           public
            64:fe9b::7f00:1,           public
            64:ff9a::7f00:1,           public
            164:ff9b::7f00:1,          public
            2002:7f00:1::,             an IPv6-wrapped a loopback
            2002:a9fe:a9fe::1,         an IPv6-wrapped a link-local (cloud metadata)
            2002:5db8:d822::,          public
            2003:7f00:1::,             public
            2102:7f00:1::,             public
            """)
    void knowsEachIpv6RangeAndTheIpv4AddressesWrappedInIpv6(String address, String kind) throws UnknownHostException {
        assertThat(WebhookUrlGuard.notPublic(ipv6(address))).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(textBlock = """
            10.0.0.1,        true
            10.0.0.1.,       true
            example.0x10,    true
            example.0xff,    true
            example.0xFF,    true
            example.0xg1,    false
            example.0x1g,    false
            example.1x10,    false
            2130706433,      true
            example.com,     false
            example.com.,    false
            example.c0m,     false
            example.12a,     false
            """)
    void readsAHostAsIpv4WhenItsLastLabelIsANumberAsBrowsersDo(String host, boolean ipv4) {
        assertThat(WebhookUrlGuard.looksLikeIpv4(host)).isEqualTo(ipv4);
    }

    /** The address as a resolver answers it: from its 16 bytes, never turned into IPv4 on the way. */
    private static Inet6Address ipv6(String text) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(text).getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return Inet6Address.getByAddress(null, bytes, -1);
    }
}
