package dev.patchbay.testing;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * An external service for one test: a {@link MockWebServer} on 127.0.0.1, started before the test
 * and shut down after it. Enqueue its answers, then take the requests Patchbay sent it.
 */
public final class ProviderStub implements BeforeEachCallback, AfterEachCallback {
    private MockWebServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    /** {@code http://127.0.0.1:<port>}, for a setup's {@code base_url}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }

    /** Answers the next request with {@code status} and the JSON {@code body}. */
    public ProviderStub answer(int status, String body) {
        return enqueue(new MockResponse.Builder().code(status).setHeader("Content-Type", "application/json")
                .body(body).build());
    }

    public ProviderStub enqueue(MockResponse response) {
        server.enqueue(response);
        return this;
    }

    /** Answers every request with what {@code answer} makes of it (instead of the queue). */
    public ProviderStub onRequest(Function<RecordedRequest, MockResponse> answer) {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer.apply(request);
            }
        });
        return this;
    }

    /** The next request Patchbay sent; fails when none arrives within 5 seconds. */
    public RecordedRequest takeRequest() {
        try {
            RecordedRequest request = server.takeRequest(5, TimeUnit.SECONDS);
            if (request == null) {
                throw new AssertionError("the stub received no request");
            }
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int requestCount() {
        return server.getRequestCount();
    }
}
