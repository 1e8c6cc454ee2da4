package jp.renkei.gateway.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** HTTP/1.1 by hand, for tests that need to control a connection byte by byte: what is sent, when, and on which. */
public final class RawHttp {

    private RawHttp() {
    }

    /** A GET with a Host header and, when {@code authorization} is not null, that Authorization header. */
    public static String get(String path, String authorization) {
        return "GET " + path + " HTTP/1.1\r\nHost: renkei.test\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
    }

    /** Reads one answer whole (it must have a Content-Length) and gives its status line. */
    public static String answer(InputStream in) throws IOException {
        String head = head(in);
        int length = head.lines().filter(line -> line.toLowerCase(Locale.ROOT).startsWith("content-length:"))
                .map(line -> Integer.parseInt(line.substring("content-length:".length()).strip()))
                .findFirst().orElseThrow(() -> new AssertionError("no Content-Length in\n" + head));
        if (in.readNBytes(length).length != length) {
            throw new AssertionError("the connection closed in the body of\n" + head);
        }
        return head.lines().findFirst().orElseThrow();
    }

    private static String head(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        int matched = 0;
        while (matched < end.length) {
            int next = in.read();
            if (next < 0) {
                throw new AssertionError("the connection closed after " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(next);
            matched = next == end[matched] ? matched + 1 : (next == end[0] ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }
}
