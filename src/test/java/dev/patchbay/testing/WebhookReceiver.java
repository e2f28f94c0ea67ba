package dev.patchbay.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A webhook receiver on 127.0.0.1 for one test: records every request Patchbay POSTs to it and answers
 * with the status its policy picks (200 unless told otherwise). Thread-safe.
 */
public final class WebhookReceiver implements BeforeEachCallback, AfterEachCallback {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: its event id and type headers, its signature header and its body. */
    public record Received(String eventId, String eventType, String signature, String body, int answered) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The {@code v1} values of the signature that match HMAC-SHA256 of {@code "<t>.<body>"} under {@code secret}. */
        public boolean signedWith(String secret) {
            String t = null;
            List<String> v1 = new ArrayList<>();
            for (String part : signature.split(",")) {
                if (part.startsWith("t=")) {
                    t = part.substring(2);
                } else if (part.startsWith("v1=")) {
                    v1.add(part.substring(3));
                }
            }
            return t != null && v1.contains(hmac(secret, t + "." + body));
        }

        public int signatureCount() {
            return (int) java.util.Arrays.stream(signature.split(",")).filter(p -> p.startsWith("v1=")).count();
        }
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Function<Integer, Integer> statusOfNth = n -> 200;
    private volatile java.util.function.IntConsumer beforeAnswer = n -> { };
    private MockWebServer server;

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        server = new MockWebServer();
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                int status;
                int n;
                synchronized (received) {
                    n = received.size();
                    status = statusOfNth.apply(n);
                    received.add(new Received(request.getHeaders().get("Patchbay-Event-Id"),
                            request.getHeaders().get("Patchbay-Event-Type"),
                            request.getHeaders().get("Patchbay-Signature"),
                            request.getBody() == null ? "" : request.getBody().string(StandardCharsets.UTF_8),
                            status));
                }
                beforeAnswer.accept(n);
                return new MockResponse.Builder().code(status).body("ok").build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        server.close();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getPort() + "/hooks";
    }

    /** Answers the n-th request (0 for the first) with {@code status.apply(n)}. */
    public void answer(Function<Integer, Integer> status) {
        this.statusOfNth = status;
    }

    /** Runs {@code hook} with n before answering the n-th request, after recording it (it may block, holding the answer back). */
    public void beforeAnswer(java.util.function.IntConsumer hook) {
        this.beforeAnswer = hook;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    /** Requests answered 2xx, in the order they arrived. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.answered() / 100 == 2).toList();
    }

    /** Waits (up to {@code limit}) until {@code condition} holds of what was received; fails otherwise. */
    public List<Received> await(Predicate<List<Received>> condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> now = received();
            if (condition.test(now)) {
                return now;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("the receiver did not get what was expected in " + limit + "; it got: " + received());
    }

    static String hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
