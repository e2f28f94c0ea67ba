import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The most any server on Patchbay's HTTP stack could answer: Jetty's core API alone, without Javalin,
 * the servlet layer, a key store or a catalog, replaying responses Patchbay itself gave. It serves
 * the list page (a), one provider (b) and the 401 of a wrong key (f); a key is checked by plain
 * string comparison.
 *
 *   java -cp target/patchbay.jar bench/raw_jetty/RawJetty.java PORT ADMIN_KEY DIR
 *
 * DIR holds list.json, one.json and unauthorized.json, saved from Patchbay by bench/run.sh.
 */
public final class RawJetty {
    private static final String PROVIDERS = "/v1/admin/connector-providers";

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String key = args[1];
        Path dir = Path.of(args[2]);
        byte[] list = Files.readAllBytes(dir.resolve("list.json"));
        byte[] one = Files.readAllBytes(dir.resolve("one.json"));
        byte[] unauthorized = Files.readAllBytes(dir.resolve("unauthorized.json"));

        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                if (path.equals("/healthz")) {
                    return send(response, callback, 200, "application/json", "{\"status\":\"ok\"}".getBytes());
                }
                if (!HttpMethod.GET.is(request.getMethod()) || !path.startsWith(PROVIDERS)) {
                    return false;  // Jetty answers 404
                }
                if (!key.equals(request.getHeaders().get("X-API-Key"))) {
                    return send(response, callback, 401, "application/problem+json", unauthorized);
                }
                return send(response, callback, 200, "application/json", path.equals(PROVIDERS) ? list : one);
            }
        });
        server.start();
        server.join();
    }

    private static boolean send(Response response, Callback callback, int status, String type, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
