package jp.renkei.system.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A port that was free on 127.0.0.1 a moment ago, for the two servers of the benchmarks that must be told a port
 * before they bind it: nginx, which cannot bind port 0, and the web pages of {@code ./renkei up}, whose gateway needs
 * their address when it starts. Everything else binds port 0 itself. Another process may take a picked port before the
 * server binds it; the caller then fails naming the port and tries another.
 */
final class PickedPort {

    private PickedPort() {
    }

    static int pick() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }
}
