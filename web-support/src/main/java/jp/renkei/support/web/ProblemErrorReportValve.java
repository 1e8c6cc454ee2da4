package jp.renkei.support.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;

/**
 * Tomcat's answer to what it refuses before any filter or controller runs — a request target with {@code [}, {@code ]}
 * or {@code %00}, headers over its limit — as a problem instead of Tomcat's HTML page. It never shows the exception,
 * the server's name or version.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        try {
            response.resetBuffer();
            // a method the server does not implement (CONNECT, say) is the client's mistake: 405, never a 5xx
            ProblemResponses.write(response.getResponse(), ProblemResponses.forStatus(
                    status == HttpServletResponse.SC_NOT_IMPLEMENTED ? HttpServletResponse.SC_METHOD_NOT_ALLOWED
                            : status));
        } catch (IOException | IllegalStateException clientGone) {
            // the client went away or the response was committed meanwhile: nothing more to tell it
        }
    }
}
