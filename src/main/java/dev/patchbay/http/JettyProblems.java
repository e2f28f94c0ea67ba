package dev.patchbay.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.UUID;

/**
 * Renders the errors Jetty answers itself, for requests it refuses before Javalin sees them (a path
 * with an encoded NUL, an oversized header), as problem+json instead of Jetty's HTML page. Jetty's
 * message is not passed on: it can quote what the client sent.
 */
final class JettyProblems extends ErrorHandler {
    private static final String DETAIL = "The request was refused before it reached Patchbay.";

    private final ObjectMapper json;

    JettyProblems(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws java.io.IOException {
        String requestId = UUID.randomUUID().toString();
        Problem problem = Arrays.stream(ProblemType.values()).filter(t -> t.status == code).findFirst()
                .map(t -> Problem.of(t, DETAIL, requestId))
                .orElseGet(() -> new Problem("about:blank", HttpStatus.getMessage(code), code, DETAIL, requestId, null, null));
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ProblemMapper.CONTENT_TYPE);
        response.getHeaders().put(RequestIds.HEADER, requestId);
        // Javalin's before-filters never ran for these requests, so their headers are set here.
        response.getHeaders().put(HttpServer.CONTENT_TYPE_OPTIONS, "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(json.writeValueAsBytes(problem)), callback);
    }
}
