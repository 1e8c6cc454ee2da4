package jp.renkei.localstack.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stand-in for a Spring Boot service, run as a child JVM by the launcher tests: serves {@code /actuator/health}
 * on {@code --server.port} and logs to stdout (logback-test.xml), which the launcher appends to the child's log.
 *
 * <p>Options: {@code --fake.healthy-once=FILE} answers 503 DOWN (and logs that it did) until the test creates FILE;
 * {@code --fake.fail-on-start=CODE}
 * logs 25 lines and exits with CODE; {@code --fake.grandchild=true} starts a {@code sleep} process of its own;
 * {@code --fake.ignore-term=true} never finishes its shutdown (only SIGKILL ends it);
 * {@code --fake.kill-children-on-exit=true} stops its own children on SIGTERM, as the launcher does.
 */
public final class FakeService {

    private static final Logger log = LoggerFactory.getLogger(FakeService.class);

    private FakeService() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        log.info("fake service starting with args {}", Arrays.toString(args));

        if (options.containsKey("fake.fail-on-start")) {
            for (int i = 1; i <= 25; i++) {
                log.info("startup step {}", i);
            }
            log.error("APPLICATION FAILED TO START");
            System.exit(Integer.parseInt(options.get("fake.fail-on-start")));
        }
        if (Boolean.parseBoolean(options.get("fake.grandchild"))) {
            Process grandchild = new ProcessBuilder("sleep", "600").start();
            log.info("grandchild pid {}", grandchild.pid());
        }
        if (Boolean.parseBoolean(options.get("fake.kill-children-on-exit"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> ProcessHandle.current().descendants().forEach(ProcessHandle::destroy)));
        }
        if (Boolean.parseBoolean(options.get("fake.ignore-term"))) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                log.info("ignoring the request to stop");
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }

        Path healthyOnce = options.containsKey("fake.healthy-once") ? Path.of(options.get("fake.healthy-once")) : null;
        int port = Integer.parseInt(options.getOrDefault("server.port", "0"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/actuator/health", exchange -> {
            boolean up = healthyOnce == null || Files.exists(healthyOnce);
            if (!up) {
                log.info("health asked: answered DOWN");
            }
            byte[] body = (up ? "{\"status\":\"UP\"}" : "{\"status\":\"DOWN\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(up ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        log.info("fake service listening on 127.0.0.1:{}", server.getAddress().getPort());
        // as Spring Boot's web servers say it, which the launcher reads when it gave port 0
        log.info("Fake server started on port {} (http)", server.getAddress().getPort());
    }

    /** The command that runs this class in a new JVM with the test classpath. */
    static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(ChildCommand.javaExecutable(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Drenkei.stand-in=local-stack",
                "-cp", System.getProperty("java.class.path"), FakeService.class.getName()));
        command.addAll(args);
        return command;
    }
}
