package jp.renkei.system.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * An HTTP/1.1 client that does its work on the calling thread, over kept-alive connections ({@link
 * HttpURLConnection}): for a benchmark whose client shares the cores with what it measures. {@code java.net.http}'s
 * client hands every exchange between the caller, its selector and its worker pool; in plan-write that was 0.6 ms of
 * CPU per edit, a seventh of the service's own request threads.
 */
final class BlockingHttp {

    private final Duration timeout;

    BlockingHttp(Duration timeout) {
        this.timeout = timeout;
    }

    record Response(int status, String body) {
    }

    /** Sends the request and reads the whole answer, leaving the connection to be used again. */
    Response send(String method, String url, Map<String, String> headers, String body) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
        connection.setConnectTimeout((int) timeout.toMillis());
        connection.setReadTimeout((int) timeout.toMillis());
        connection.setRequestMethod(method);
        headers.forEach(connection::setRequestProperty);
        if (body != null) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(bytes.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
        }
        int status = connection.getResponseCode();
        InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        String answer;
        if (in == null) {
            answer = "";
        } else {
            // read to the end and closed, not disconnected: the connection goes back to the keep-alive cache
            try (in) {
                answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        return new Response(status, answer);
    }
}
