package dev.patchbay.testing.oauth;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;

/**
 * A {@link FakeOAuthServer} per test: {@code @RegisterExtension final FakeOAuthExtension oauth = new
 * FakeOAuthExtension();} then {@code oauth.server()} in the test. Started before each test, closed
 * after it.
 */
public final class FakeOAuthExtension implements BeforeEachCallback, AfterEachCallback {
    private final Clock clock;
    private FakeOAuthServer server;

    public FakeOAuthExtension() {
        this(Clock.systemUTC());
    }

    /** The fakes expire codes and tokens by {@code clock}. */
    public FakeOAuthExtension(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server = FakeOAuthServer.start(clock);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** The running server; only valid inside a test. */
    public FakeOAuthServer server() {
        if (server == null) {
            throw new IllegalStateException("the fake OAuth server runs only during a test");
        }
        return server;
    }
}
