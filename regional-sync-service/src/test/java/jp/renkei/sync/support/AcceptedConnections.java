package jp.renkei.sync.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that nobody should reach: counts the connections it accepts, and closes each at once. */
public final class AcceptedConnections {

    private AcceptedConnections() {
    }

    public static AtomicInteger count(ServerSocket listener) {
        AtomicInteger accepted = new AtomicInteger();
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket connection = listener.accept()) {
                    accepted.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "accepts-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return accepted;
    }
}
