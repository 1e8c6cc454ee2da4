package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ports of one run: defaults, overridden from the environment, checked before anything starts. Port 0 asks the
 * server itself to bind a free one (tests and benchmarks do; {@code ./renkei up} keeps its fixed defaults); the port it
 * bound is recorded with {@link #bound} once it is known, so that what starts later can be told where it is.
 */
public final class Ports {

    /** Asks a server to bind any free port itself. */
    public static final int ANY_FREE = 0;

    private final List<PortSpec> specs;
    private final Map<String, Integer> byName;

    private Ports(List<PortSpec> specs, Map<String, Integer> byName) {
        this.specs = List.copyOf(specs);
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Each spec's port: its environment variable if set, its default otherwise.
     *
     * @throws LaunchException if a variable is not a port, or two names end up on the same port (other than 0)
     */
    public static Ports resolve(List<PortSpec> specs, Map<String, String> env) throws LaunchException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        Map<Integer, PortSpec> owners = new LinkedHashMap<>();
        for (PortSpec spec : specs) {
            int port = spec.defaultPort();
            String value = env.get(spec.envVar());
            if (value != null && !value.isBlank()) {
                try {
                    port = Integer.parseInt(value.trim());
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < ANY_FREE || port > 65535) {
                    throw new LaunchException("renkei: " + spec.envVar() + "=" + value
                            + " is not a port (1-65535, or 0 for any free one)");
                }
            }
            PortSpec other = port == ANY_FREE ? null : owners.putIfAbsent(port, spec);
            if (other != null) {
                throw new LaunchException("renkei: port " + port + " is set for both " + other.name() + " and " + spec.name()
                        + "; give one of them another port with " + other.envVar() + " or " + spec.envVar());
            }
            ports.put(spec.name(), port);
        }
        return new Ports(specs, ports);
    }

    /** The port of {@code name}: the one it was given, the one it bound once {@link #bound recorded}, else 0. */
    public int port(String name) {
        Integer port = byName.get(name);
        if (port == null) {
            throw new IllegalArgumentException("no port named " + name + " (known: " + byName.keySet() + ")");
        }
        return port;
    }

    /** Whether the port of {@code name} is known: it was given one, or it has bound one and that was recorded. */
    public boolean isKnown(String name) {
        return port(name) != ANY_FREE;
    }

    /** These ports with the one that {@code name}, given port 0, has bound; a later restart asks for it again. */
    public Ports bound(String name, int port) {
        if (port <= ANY_FREE || port > 65535) {
            throw new IllegalArgumentException("not a bound port: " + port);
        }
        if (isKnown(name) && port(name) != port) {
            throw new IllegalStateException(name + " has port " + port(name) + ", not " + port);
        }
        Map<String, Integer> ports = new LinkedHashMap<>(byName);
        ports.put(name, port);
        return new Ports(specs, ports);
    }

    public Map<String, Integer> asMap() {
        return byName;
    }

    /**
     * The first port that something else already holds, as the one line to print:
     * {@code renkei: port 8081 (plan-service) is already in use; stop what holds it or set RENKEI_PORT_PLAN_SERVICE}.
     */
    public Optional<String> firstConflict() {
        for (PortSpec spec : specs) {
            int port = byName.get(spec.name());
            if (port != ANY_FREE && !isFree(port)) {
                return Optional.of("renkei: port " + port + " (" + spec.name() + ") is already in use; stop what holds it or set "
                        + spec.envVar());
            }
        }
        return Optional.empty();
    }

    /**
     * Whether nothing listens on the port, neither on 127.0.0.1 (where Kafka and MongoDB bind) nor on all interfaces
     * (where the services bind).
     */
    static boolean isFree(int port) {
        try {
            return canBind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port)) && canBind(new InetSocketAddress(port));
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean canBind(InetSocketAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            // like the servers that will bind it (SO_REUSEADDR lets a port in TIME_WAIT count as free, as it is for them)
            socket.setReuseAddress(true);
            socket.bind(address);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
