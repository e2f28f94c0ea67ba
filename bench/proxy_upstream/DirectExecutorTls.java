import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.*;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import javax.net.ssl.*;
import java.io.*;
import java.net.URI;
import java.net.http.*;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.time.Duration;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * Whether the proxy's client setting, executor(Runnable::run), holds over TLS, on HTTP/2 and HTTP/1.1:
 * a local Jetty with TLS and ALPN (h2, http/1.1), 3,000 calls from 32 threads through one JDK client,
 * one in a hundred a 20 MB body read slowly through BodyHandlers.ofInputStream as the proxy reads it.
 * Prints how many were answered and how long it took; with any argument after the two, the client
 * keeps its default executor instead, for comparison. Needs jetty-http2-server, -common, -hpack,
 * jetty-alpn-server and jetty-alpn-java-server of Jetty's version on the class path, and a keystore:
 *
 *   keytool -genkeypair -alias s -keyalg RSA -dname CN=localhost -ext SAN=dns:localhost \
 *     -storetype PKCS12 -keystore ks.p12 -storepass secret123 -keypass secret123
 *   java -cp target/patchbay.jar:JARS bench/proxy_upstream/DirectExecutorTls.java ks.p12 secret123 [default]
 */
public class DirectExecutorTls {
    public static void main(String[] a) throws Exception {
        Server server = new Server();
        HttpConfiguration cfg = new HttpConfiguration(); cfg.addCustomizer(new SecureRequestCustomizer(false));
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(a[0]); ssl.setKeyStorePassword(a[1]); ssl.setKeyStoreType("PKCS12");
        HttpConnectionFactory h1 = new HttpConnectionFactory(cfg);
        HTTP2ServerConnectionFactory h2 = new HTTP2ServerConnectionFactory(cfg);
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(); alpn.setDefaultProtocol("http/1.1");
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn, h2, h1);
        c.setPort(0); server.addConnector(c);
        byte[] chunk = new byte[64 * 1024];
        server.setHandler(new Handler.Abstract() {
            public boolean handle(Request rq, Response rs, Callback cb) throws Exception {
                if (rq.getHttpURI().getPath().equals("/big")) {
                    try (OutputStream out = org.eclipse.jetty.io.Content.Sink.asOutputStream(rs)) { for (int i = 0; i < 320; i++) out.write(chunk); }
                    cb.succeeded();
                } else rs.write(true, ByteBuffer.wrap("{\"id\":42,\"login\":\"octo\"}".getBytes()), cb);
                return true;
            }
        });
        server.start();
        int port = c.getLocalPort();
        KeyStore ks = KeyStore.getInstance("PKCS12"); ks.load(new FileInputStream(a[0]), a[1].toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()); tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS"); ctx.init(null, tmf.getTrustManagers(), null);
        for (HttpClient.Version v : new HttpClient.Version[]{HttpClient.Version.HTTP_2, HttpClient.Version.HTTP_1_1}) {
            HttpClient.Builder hb = HttpClient.newBuilder().sslContext(ctx).version(v)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)); if (a.length == 2) hb.executor(Runnable::run); HttpClient client = hb.build();
            ExecutorService pool = Executors.newFixedThreadPool(32);
            AtomicLong ok = new AtomicLong(), bytes = new AtomicLong(), h2n = new AtomicLong();
            AtomicReference<Throwable> fail = new AtomicReference<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < 3000; i++) {
                int n = i;
                pool.submit(() -> {
                    try {
                        boolean big = n % 100 == 0;
                        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + port + (big ? "/big" : "/small")))
                                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofInputStream());
                        if (r.version() == HttpClient.Version.HTTP_2) h2n.incrementAndGet();
                        try (InputStream in = r.body()) { byte[] b = new byte[big ? 4096 : 16384]; int k; while ((k = in.read(b)) >= 0) { bytes.addAndGet(k); if (big && n % 300 == 0) Thread.sleep(1); } }
                        ok.incrementAndGet();
                    } catch (Throwable e) { fail.compareAndSet(null, e); }
                });
            }
            pool.shutdown();
            boolean done = pool.awaitTermination(120, TimeUnit.SECONDS);
            System.out.printf("%s %s: done=%s ok=%d h2=%d bytes=%d fail=%s %.1fs%n", v, a.length == 2 ? "direct executor" : "default executor", done, ok.get(), h2n.get(), bytes.get(), fail.get(), (System.nanoTime()-t0)/1e9);
            if (!done) { pool.shutdownNow(); }
        }
        server.stop();
        System.exit(0);
    }
}
