import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.ByteBuffer;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * BareProxy.java on Jetty's own HttpClient (asynchronous, the answer written on its completion), to
 * compare the two outbound clients under the same bare proxy. Needs jetty-client, jetty-alpn-client
 * and jetty-compression-common/-gzip of the Jetty version Javalin brings on the class path.
 *
 *   java -cp target/patchbay.jar:JETTY_CLIENT_JARS bench/proxy_upstream/BareProxyJetty.java PORT UPSTREAM_BASE_URL
 */
public final class BareProxyJetty {
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String base = args[1].replaceAll("/+$", "");
        QueuedThreadPool threads = new QueuedThreadPool(8 + 2 * Runtime.getRuntime().availableProcessors(), 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(handler(base));
        server.start();
        server.join();
    }

    static Handler handler(String base) throws Exception {
        org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
        client.setFollowRedirects(false);
        client.setMaxConnectionsPerDestination(1024);
        client.start();
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                String query = request.getHttpURI().getQuery();
                org.eclipse.jetty.client.Request outbound = client.newRequest(base + request.getHttpURI().getPath()
                                + (query == null ? "" : "?" + query))
                        .method(request.getMethod()).timeout(30, TimeUnit.SECONDS)
                        .headers(headers -> {
                            headers.clear();
                            for (HttpField field : request.getHeaders()) {
                                if (!NOT_FORWARDED.contains(field.getLowerCaseName())) {
                                    headers.add(field);
                                }
                            }
                        });
                outbound.send(new org.eclipse.jetty.client.BufferingResponseListener() {
                    @Override
                    public void onComplete(org.eclipse.jetty.client.Result result) {
                        if (result.isFailed()) {
                            Response.writeError(request, response, callback, 502);
                            return;
                        }
                        response.setStatus(result.getResponse().getStatus());
                        for (HttpField field : result.getResponse().getHeaders()) {
                            if (!NOT_FORWARDED.contains(field.getLowerCaseName())
                                    && field.getHeader() != HttpHeader.DATE) {
                                response.getHeaders().add(field);
                            }
                        }
                        response.write(true, ByteBuffer.wrap(getContent()), callback);
                    }
                });
                return true;
            }
        };
    }
}
