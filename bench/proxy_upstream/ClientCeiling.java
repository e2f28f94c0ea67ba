import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The outbound client's own ceiling, without any server in front of it: CONCURRENCY calls kept in
 * flight against bench/proxy_upstream/FixedUpstream for SECONDS, then the calls per second printed.
 * Each call reads the whole (small) answer. Modes:
 *
 *   jdk-async     the JDK HttpClient, sendAsync, its default executor
 *   jdk-async-direct  the same, executor(Runnable::run)
 *   jdk-blocking  the JDK HttpClient, send() from CONCURRENCY platform threads
 *   jetty-async   Jetty's HttpClient, send(listener) (needs jetty-client and jetty-alpn-client on the
 *                 class path, same version as Javalin's Jetty)
 *   jetty-blocking  Jetty's HttpClient, send() from CONCURRENCY platform threads
 *
 *   java -cp target/patchbay.jar[:jetty-client.jar:jetty-alpn-client.jar] \
 *     bench/proxy_upstream/ClientCeiling.java MODE URL KEY CONCURRENCY SECONDS
 */
public final class ClientCeiling {
    public static void main(String[] args) throws Exception {
        String mode = args[0];
        URI uri = URI.create(args[1]);
        String key = args[2];
        int concurrency = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        Load load = switch (mode) {
            case "jdk-async" -> jdkAsync(uri, key, false);
            case "jdk-async-direct" -> jdkAsync(uri, key, true);
            case "jdk-blocking" -> jdkBlocking(uri, key);
            case "jetty-async" -> JettyLoads.async(uri, key);
            case "jetty-blocking" -> JettyLoads.blocking(uri, key);
            default -> throw new IllegalArgumentException(mode);
        };
        // Warm-up as long as the timed run, then the timed run.
        run(load, concurrency, seconds);
        double rate = run(load, concurrency, seconds);
        System.out.printf("%s c=%d: %.0f calls/s (errors %d)%n", mode, concurrency, rate, load.errors.sum());
        System.exit(0);
    }

    /** Starts one call; calls done.run() once it has read the whole answer. */
    abstract static class Load {
        final LongAdder errors = new LongAdder();

        abstract void call(Runnable done);

        boolean blocks() {
            return false;
        }
    }

    static double run(Load load, int concurrency, int seconds) throws InterruptedException {
        LongAdder calls = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        for (int i = 0; i < concurrency && load.blocks(); i++) {
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    load.call(calls::increment);
                }
                finished.countDown();
            });
            thread.setDaemon(true);
            thread.start();
        }
        for (int i = 0; i < concurrency && !load.blocks(); i++) {
            new Runnable() {
                @Override
                public void run() {
                    if (stop.get()) {
                        finished.countDown();
                        return;
                    }
                    load.call(() -> {
                        calls.increment();
                        run();
                    });
                }
            }.run();
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        long n = calls.sum();
        double elapsed = (System.nanoTime() - start) / 1e9;
        finished.await(10, TimeUnit.SECONDS);
        return n / elapsed;
    }

    static Load jdkAsync(URI uri, String key, boolean direct) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5));
        if (direct) {
            builder.executor(Runnable::run);
        }
        HttpClient client = builder.build();
        return new Load() {
            @Override
            void call(Runnable done) {
                HttpRequest request = HttpRequest.newBuilder(uri).header("X-Api-Key", key)
                        .timeout(Duration.ofSeconds(30)).build();
                client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
                    if (e != null || r.statusCode() != 200) {
                        errors.increment();
                    }
                    done.run();
                });
            }
        };
    }

    /** Blocking sends: each "call" takes a thread from a growing set of platform threads. */
    static Load jdkBlocking(URI uri, String key) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        return blocking(() -> {
            HttpRequest request = HttpRequest.newBuilder(uri).header("X-Api-Key", key)
                    .timeout(Duration.ofSeconds(30)).build();
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray()).statusCode();
        });
    }

    interface Call {
        int status() throws Exception;
    }

    /** Blocking calls: run() gives each of the CONCURRENCY chains a platform thread of its own. */
    static Load blocking(Call call) {
        return new Load() {
            @Override
            void call(Runnable done) {
                try {
                    if (call.status() != 200) {
                        errors.increment();
                    }
                } catch (Exception e) {
                    errors.increment();
                }
                done.run();
            }

            @Override
            boolean blocks() {
                return true;
            }
        };
    }

    /** Kept apart so that the JDK modes run without Jetty's client on the class path. */
    static final class JettyLoads {
        static Load async(URI uri, String key) throws Exception {
            org.eclipse.jetty.client.HttpClient client = started();
            return new Load() {
                @Override
                void call(Runnable done) {
                    client.newRequest(uri).headers(h -> h.put("X-Api-Key", key)).timeout(30, TimeUnit.SECONDS)
                            .send(new org.eclipse.jetty.client.BufferingResponseListener() {
                                @Override
                                public void onComplete(org.eclipse.jetty.client.Result result) {
                                    if (result.isFailed() || result.getResponse().getStatus() != 200) {
                                        errors.increment();
                                    }
                                    done.run();
                                }
                            });
                }
            };
        }

        static Load blocking(URI uri, String key) throws Exception {
            org.eclipse.jetty.client.HttpClient client = started();
            return ClientCeiling.blocking(() -> client.newRequest(uri).headers(h -> h.put("X-Api-Key", key))
                    .timeout(30, TimeUnit.SECONDS).send().getStatus());
        }

        private static org.eclipse.jetty.client.HttpClient started() throws Exception {
            org.eclipse.jetty.client.HttpClient client = new org.eclipse.jetty.client.HttpClient();
            client.setFollowRedirects(false);
            client.setMaxConnectionsPerDestination(1024);
            client.start();
            return client;
        }
    }
}
