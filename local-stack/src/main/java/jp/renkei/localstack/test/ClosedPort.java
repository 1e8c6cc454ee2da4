package jp.renkei.localstack.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * A loopback port nothing listens on, for as long as this stays open: a socket is bound to it and never listens, so
 * a connection to it is refused, and nothing else can bind the port meanwhile. A port bound, released, and then
 * relied on to stay closed could be taken by any server that starts in between.
 */
public final class ClosedPort implements AutoCloseable {

    private final Socket holder;

    private ClosedPort(Socket holder) {
        this.holder = holder;
    }

    public static ClosedPort open() throws IOException {
        Socket holder = new Socket();
        // with SO_REUSEADDR on both sockets, Linux lets a listener bind a port that is bound without listening
        holder.setReuseAddress(false);
        holder.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new ClosedPort(holder);
    }

    public int port() {
        return holder.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        holder.close();
    }
}
