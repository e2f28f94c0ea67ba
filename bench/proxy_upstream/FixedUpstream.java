import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A provider's API at its fastest, for bench/proxy.sh: Jetty's core API answering every request with
 * the same small JSON document (the size of a typical {@code GET /user}), once the request's
 * {@code X-Api-Key} matches KEY; 401 otherwise. Keep-alive, no logging.
 *
 *   java -cp target/patchbay.jar bench/proxy_upstream/FixedUpstream.java PORT KEY
 */
public final class FixedUpstream {
    private static final byte[] USER = ("{\"id\":42,\"login\":\"octo\",\"name\":\"Octo Cat\",\"email\":\"octo@example.com\","
            + "\"plan\":{\"name\":\"pro\",\"seats\":5},\"created_at\":\"2024-01-01T00:00:00Z\"}")
            .getBytes(StandardCharsets.UTF_8);

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                boolean allowed = key.equals(request.getHeaders().get("X-Api-Key"));
                response.setStatus(allowed ? 200 : 401);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
                response.write(true, ByteBuffer.wrap(allowed ? USER : "{\"error\":\"unauthorized\"}".getBytes()), callback);
                return true;
            }
        });
        server.start();
        server.join();
    }
}
