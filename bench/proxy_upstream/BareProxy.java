import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The floor under any proxy on Patchbay's stack, for bench/proxy.sh: Jetty's core API (no servlets, no
 * Javalin) forwarding every request to UPSTREAM with the outbound client Patchbay uses (the JDK
 * HttpClient, HTTP/1.1 on cleartext), the caller's headers passed as they come but for the hop-by-hop
 * ones and Host. No store, no key check, no path or address check, no metrics, no log. The answer is
 * read whole and written back (the benchmark's answers are small).
 *
 *   java -cp target/patchbay.jar bench/proxy_upstream/BareProxy.java PORT UPSTREAM_BASE_URL [CLIENT]
 *
 * CLIENT: jdk (the default: send() on Jetty's request thread) or jdk-async (sendAsync, the answer
 * written on the client's completion); with -direct, the client runs its own steps on its selector
 * thread or the caller's (executor(Runnable::run)), as Patchbay's does. BareProxyJetty.java is the
 * same on Jetty's own client.
 */
public final class BareProxy {
    static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect", "http2-settings");

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String base = args[1].replaceAll("/+$", "");
        String client = args.length > 2 ? args[2] : "jdk";
        QueuedThreadPool threads = new QueuedThreadPool(8 + 2 * Runtime.getRuntime().availableProcessors(), 8);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(switch (client) {
            case "jdk" -> new Jdk(base, false, false);
            case "jdk-direct" -> new Jdk(base, false, true);
            case "jdk-async" -> new Jdk(base, true, false);
            case "jdk-async-direct" -> new Jdk(base, true, true);
            default -> throw new IllegalArgumentException("CLIENT is jdk, jdk-direct, jdk-async or jdk-async-direct");
        });
        server.start();
        server.join();
    }

    private static final class Jdk extends Handler.Abstract {
        private final String base;
        private final boolean async;
        private final HttpClient client;

        Jdk(String base, boolean async, boolean direct) {
            this.base = base;
            this.async = async;
            HttpClient.Builder builder = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                    .connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
            if (direct) {
                builder.executor(Runnable::run);
            }
            this.client = builder.build();
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String query = request.getHttpURI().getQuery();
            HttpRequest.Builder outbound = HttpRequest.newBuilder(URI.create(base + request.getHttpURI().getPath()
                    + (query == null ? "" : "?" + query))).timeout(Duration.ofSeconds(30))
                    .method(request.getMethod(), HttpRequest.BodyPublishers.ofInputStream(
                            () -> Request.asInputStream(request)));
            if (request.getHeaders().get(HttpHeader.CONTENT_LENGTH) == null
                    && request.getHeaders().get(HttpHeader.TRANSFER_ENCODING) == null) {
                outbound.method(request.getMethod(), HttpRequest.BodyPublishers.noBody());
            }
            for (HttpField field : request.getHeaders()) {
                if (!NOT_FORWARDED.contains(field.getLowerCaseName())) {
                    outbound.header(field.getName(), field.getValue());
                }
            }
            if (async) {
                client.sendAsync(outbound.build(), HttpResponse.BodyHandlers.ofByteArray())
                        .whenComplete((answer, failure) -> {
                            if (failure != null) {
                                Response.writeError(request, response, callback, 502);
                            } else {
                                answer(answer, response, callback);
                            }
                        });
            } else {
                answer(client.send(outbound.build(), HttpResponse.BodyHandlers.ofByteArray()), response, callback);
            }
            return true;
        }

        private static void answer(HttpResponse<byte[]> answer, Response response, Callback callback) {
            response.setStatus(answer.statusCode());
            for (Map.Entry<String, List<String>> header : answer.headers().map().entrySet()) {
                String name = header.getKey().toLowerCase(Locale.ROOT);
                if (!name.startsWith(":") && !NOT_FORWARDED.contains(name) && !name.equals("date")) {
                    header.getValue().forEach(value -> response.getHeaders().add(header.getKey(), value));
                }
            }
            response.write(true, ByteBuffer.wrap(answer.body()), callback);
        }
    }
}
