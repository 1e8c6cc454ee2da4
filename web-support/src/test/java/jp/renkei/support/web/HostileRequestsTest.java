package jp.renkei.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Requests a client should never be able to turn into a 5xx, an HTML page or an ERROR log line, sent byte for byte
 * over a socket to a real Tomcat, as a hostile client would send them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, classes = HostileRequestsTest.SampleApp.class,
        properties = {"renkei.web-edge.enabled=true", "spring.mvc.problemdetails.enabled=true", "server.error.include-stacktrace=never"})
@ExtendWith(OutputCaptureExtension.class)
class HostileRequestsTest {

    @LocalServerPort
    int port;

    @Test
    void aMalformedPercentEncodingInAQueryParameterIsA400NamingIt(CapturedOutput output) throws IOException {
        for (String broken : new String[] {"%C0%AE", "%FF", "%ED%A0%80", "%E3%81", "%", "%zz"}) {
            Answer answer = send("GET /search?q=" + broken + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(broken).isEqualTo(400);
            assertThat(answer.contentType()).as(broken).startsWith("application/problem+json");
        }
        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    @Test
    void anInstantOrDateAtTheEndsOfTheRangeIsA400NamingTheParameter(CapturedOutput output) throws IOException {
        for (String extreme : new String[] {"%2B999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z",
                "10000-01-01T00:00:00Z"}) {
            Answer answer = send("GET /since?since=" + extreme + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            assertThat(answer.status()).as(extreme).isEqualTo(400);
            assertThat(answer.body()).as(extreme).contains("\"field\":\"since\"");
        }
        Answer fine = send("GET /since?since=2026-04-01T00:00:00Z HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    @Test
    void aDateAtTheEndsOfTheRangeOrAFractionForAWholeNumberInABodyIsA400NamingTheField(CapturedOutput output) throws IOException {
        for (String extreme : new String[] {"+999999999-12-31", "-999999999-01-01", "+10000-01-01"}) {
            String body = "{\"deadline\":\"" + extreme + "\",\"at\":\"2026-04-01T00:00:00Z\"}";
            Answer answer = post("/dates", body);
            assertThat(answer.status()).as(extreme).isEqualTo(400);
            assertThat(answer.body()).as(extreme).contains("\"field\":\"deadline\"");
        }
        Answer instant = post("/dates", "{\"deadline\":\"2027-03-31\",\"at\":\"+999999999-12-31T23:59:59Z\"}");
        assertThat(instant.status()).isEqualTo(400);
        assertThat(instant.body()).contains("\"field\":\"at\"");
        assertThat(post("/dates", "{\"deadline\":\"2027-03-31\",\"at\":\"2026-04-01T00:00:00Z\"}").status()).isEqualTo(200);
        for (String notADate : new String[] {"{\"deadline\":1,\"at\":\"2026-04-01T00:00:00Z\"}",
                "{\"deadline\":-0,\"at\":\"2026-04-01T00:00:00Z\"}", "{\"deadline\":\"2026-02-30\",\"at\":\"2026-04-01T00:00:00Z\"}",
                "{\"deadline\":\"2027-03-31\",\"at\":1}", "{\"deadline\":\"2027-03-31\",\"at\":1.5}"}) {
            Answer answer = post("/dates", notADate);
            assertThat(answer.status()).as(notADate).isEqualTo(400);
            assertThat(answer.body()).as(notADate).containsAnyOf("\"field\":\"deadline\"", "\"field\":\"at\"");
        }
        Answer fraction = post("/dates", "{\"deadline\":\"2027-03-31\",\"at\":\"2026-04-01T00:00:00Z\",\"goalNumber\":5.5}");
        assertThat(fraction.status()).isEqualTo(400);
        assertThat(fraction.body()).contains("\"field\":\"goalNumber\"");
        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    @Test
    void aBodyDeclaredAsAnythingButUtf8JsonIsA415NamingTheContentType(CapturedOutput output) throws IOException {
        String json = "{\"deadline\":\"2027-03-31\",\"at\":\"2026-04-01T00:00:00Z\"}";
        for (String method : new String[] {"POST", "PUT"}) {
            for (String contentType : new String[] {"*/*", "application/*", "multipart/form-data",
                    "multipart/form-data; boundary=x", "application/x-www-form-urlencoded",
                    "application/json; charset=Shift_JIS", "application/json; charset=nonsense", "application/\u00ff"}) {
                Answer answer = send(method + " /dates HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                        + "\r\nContent-Length: " + json.length() + "\r\nConnection: close\r\n\r\n" + json);
                assertThat(answer.status()).as(method + " " + contentType).isEqualTo(415);
                assertThat(answer.contentType()).as(contentType).startsWith("application/problem+json");
                assertThat(answer.body()).as(contentType).contains("Content-Type");
            }
        }
        Answer utf8 = send("POST /dates HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json; charset=UTF-8"
                + "\r\nContent-Length: " + json.length() + "\r\nConnection: close\r\n\r\n" + json);
        assertThat(utf8.status()).isEqualTo(200);
        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    @Test
    void tomcatsOwnRefusalsAreProblemsToo() throws IOException {
        String[] requests = {
            "GET /search?q=[x] HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /se]arch HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /search%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "TRACE /search HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n",
            "CONNECT /search HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /search/%2F HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n",
            "GET /search HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(12 * 1024) + "\r\nConnection: close\r\n\r\n",
            "GET /search HTTP/1.1\r\nHost: localhost\r\nX-Huge: " + "a".repeat(40 * 1024) + "\r\nConnection: close\r\n\r\n",
        };
        for (String request : requests) {
            Answer answer = send(request);
            String shown = request.substring(0, Math.min(40, request.length()));
            assertThat(answer.status()).as(shown).isBetween(400, 499);
            assertThat(answer.contentType()).as(shown).startsWith("application/problem+json");
            assertThat(answer.body()).as(shown).doesNotContain("<html").doesNotContain("Exception");
        }
    }

    @Test
    void aClientThatAcceptsOnlyOtherTypesGetsItsRefusalAsAProblemNotAnEmptyBody(CapturedOutput output)
            throws IOException {
        for (String accept : new String[] {"text/html", "application/xml", "image/png", "text/html;q=0.9, text/*"}) {
            String shown = "Accept: " + accept;
            Answer notJson = send("GET /search?q=x HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(notJson.status()).as(shown).isEqualTo(406);
            assertThat(notJson.contentType()).as(shown).startsWith("application/problem+json");
            assertThat(notJson.body()).as(shown).contains("\"status\":406");

            Answer missing = send("GET /since HTTP/1.1\r\nHost: localhost\r\nAccept: " + accept
                    + "\r\nConnection: close\r\n\r\n");
            assertThat(missing.status()).as(shown).isEqualTo(400);
            assertThat(missing.contentType()).as(shown).startsWith("application/problem+json");
            assertThat(missing.body()).as(shown).contains("since");
        }
        Answer json = send("GET /search?q=x HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(json.status()).as("what a client accepts is still what it gets").isEqualTo(200);
        assertThat(json.contentType()).startsWith("application/json");
        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    @Test
    void aBodyIsReadAsTheJsonItClaimsToBeWithNothingCoercedOrIgnored(CapturedOutput output) throws IOException {
        String[][] wrong = {
            {"{\"title\":1}", "title"}, {"{\"title\":1e400}", "title"}, {"{\"title\":-0.5}", "title"},
            {"{\"title\":true}", "title"}, {"{\"count\":\"5\"}", "count"}, {"{\"count\":true}", "count"},
            {"{\"open\":\"true\"}", "open"}, {"{\"open\":1}", "open"}, {"{\"kind\":0}", "kind"},
            {"{\"title\":\"\\u0000\"}", "title"}, {"{\"title\":\"a\\u0000b\"}", "title"},
            {"{\"title\":\"a\\u0007\"}", "title"}, {"{\"title\":\"\\ud800\"}", "title"},
            {"{\"title\":\"\\udc00\\ud800\"}", "title"}, {"{\"title\":\"x\\uffff\"}", "title"},
            {"{\"tags\":[\"ok\",\"\\u0000\"]}", "tags"}, {"{\"labels\":{\"a\":\"\\ud800\"}}", "labels"},
            {"{\"title\":\"a\",\"title\":\"b\"}", null}, {"{\"title\":\"a\"}{\"title\":\"b\"}", null},
            {"{\"title\":\"a\"}}", null}, {"{\"title\":\"a\"} x", null}, {"{\"title\":\"a\"}\u0000", null},
            {"{\"label\":\"a\\r\\nX-Injected: 1\"}", "label"}, {"{\"label\":\"a\\nb\"}", "label"},
            {"{\"label\":\"a\\u2028b\"}", "label"},
        };
        for (String[] body : wrong) {
            Answer answer = post("/texts", body[0]);
            assertThat(answer.status()).as(body[0]).isEqualTo(400);
            assertThat(answer.contentType()).as(body[0]).startsWith("application/problem+json");
            if (body[1] != null) {
                assertThat(answer.body()).as(body[0]).contains("\"field\":\"" + body[1]);
            }
        }
        String title = "網走市の協働 👍 𠮷\t一行目\r\n二行目";
        Answer fine = post("/texts", "{\"title\":\"" + title.replace("\t", "\\t").replace("\r", "\\r")
                .replace("\n", "\\n") + "\",\"tags\":[\"𠮷\"],\"count\":5,\"open\":true,\"kind\":\"A\","
                + "\"labels\":{\"k\":\"v\"},\"label\":\"一行の見出し\"}");
        assertThat(fine.status()).isEqualTo(200);
        assertThat(fine.body()).contains("\"title\":\"網走市の協働 👍 𠮷\\t一行目\\r\\n二行目\"");
        assertThat(output.getAll()).doesNotContain("ERROR");
    }

    private Answer post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return send("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n" + json);
    }

    private Answer send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String response = all.toString(StandardCharsets.UTF_8);
            String head = response.substring(0, Math.max(0, response.indexOf("\r\n\r\n")));
            int status = Integer.parseInt(head.substring(9, 12));
            String contentType = head.lines().filter(line -> line.toLowerCase().startsWith("content-type:"))
                    .map(line -> line.substring(13).trim()).findFirst().orElse("");
            return new Answer(status, contentType, response.substring(Math.min(response.length(), head.length() + 4)));
        }
    }

    record Answer(int status, String contentType, String body) {
    }

    record Dates(LocalDate deadline, Instant at, Integer goalNumber) {
    }

    enum Kind { A, B }

    record Text(String title, java.util.List<String> tags, Integer count, Boolean open, Kind kind,
                Map<String, String> labels, @SingleLine String label) {
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(SampleController.class)
    static class SampleApp {
    }

    @RestController
    static class SampleController {

        @GetMapping("/search")
        Map<String, String> search(@RequestParam(required = false) String q) {
            return Map.of("q", String.valueOf(q));
        }

        @GetMapping("/since")
        Map<String, String> since(@RequestParam Instant since) {
            return Map.of("since", since.toString(), "millis", String.valueOf(java.util.Date.from(since).getTime()));
        }

        @PostMapping("/texts")
        Text texts(@RequestBody @jakarta.validation.Valid Text text) {
            return text;
        }

        @RequestMapping(path = "/dates", method = {RequestMethod.POST, RequestMethod.PUT})
        Map<String, String> dates(@RequestBody Dates dates) {
            return Map.of("deadline", dates.deadline().toString(),
                    "at", String.valueOf(java.util.Date.from(dates.at()).getTime()));
        }
    }
}
