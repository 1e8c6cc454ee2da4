package jp.renkei.support.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class RequestIdLoggingTest {

    private final RequestIdLogging filter = new RequestIdLogging();

    @Test
    void theGatewaysRequestIdIsInTheLoggingContextWhileTheRequestIsHandledAndAnsweredBack() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/plans");
        request.addHeader(RequestIdLogging.HEADER, "3f2a9c1e-7b4d-4e0a-9c55-2d1b8e6f0a17");
        MockHttpServletResponse response = new MockHttpServletResponse();
        List<String> seen = new ArrayList<>();

        filter.doFilter(request, response, (req, res) -> seen.add(MDC.get(RequestIdLogging.MDC_KEY)));

        assertThat(seen).containsExactly("3f2a9c1e-7b4d-4e0a-9c55-2d1b8e6f0a17");
        assertThat(response.getHeader(RequestIdLogging.HEADER)).isEqualTo("3f2a9c1e-7b4d-4e0a-9c55-2d1b8e6f0a17");
        assertThat(MDC.get(RequestIdLogging.MDC_KEY)).isNull();
    }

    @Test
    void textThatIsNoRequestIdNeverReachesTheLog() throws Exception {
        for (String forged : List.of("short", "two\nlines-of-log-injection", "<script>alert(1)</script>")) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/plans");
            request.addHeader(RequestIdLogging.HEADER, forged);
            List<String> seen = new ArrayList<>();
            filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> seen.add(MDC.get(RequestIdLogging.MDC_KEY)));
            assertThat(seen).as(forged).containsOnlyNulls();
        }
    }
}
