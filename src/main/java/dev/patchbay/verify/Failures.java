package dev.patchbay.verify;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * The one classifier of outbound failures: what went wrong on the way to the service becomes a
 * {@link Reason} and a detail written here, never an exception's message (which may quote a URL or
 * what the service sent).
 */
final class Failures {
    private Failures() {
    }

    /** The verdict on a call to {@code host} that failed with {@code failure} under the time limit {@code limit}. */
    static Verdict classify(Throwable failure, String host, Duration limit) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof HttpTimeoutException) {
                return Verdict.failed(Reason.TIMEOUT, "no answer from " + host + " within " + seconds(limit));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RefusedDestinationException refused) {
                return Verdict.failed(Reason.UNREACHABLE, "refused: " + refused.getMessage());
            }
            if (t instanceof UnknownHostException) {
                return Verdict.failed(Reason.UNREACHABLE, "the host name " + host + " does not resolve");
            }
            if (t instanceof NoRouteToHostException) {
                return Verdict.failed(Reason.UNREACHABLE, "no route to " + host);
            }
            if (t instanceof ConnectException) {
                return Verdict.failed(Reason.UNREACHABLE, "the connection to " + host + " was refused");
            }
            if (t instanceof SSLException) {
                return Verdict.failed(Reason.UNREACHABLE, "the TLS handshake with " + host + " failed");
            }
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return Verdict.failed(Reason.UNREACHABLE, "the call to " + host + " was interrupted");
            }
        }
        return Verdict.failed(Reason.UNREACHABLE, "the connection to " + host + " failed ("
                + failure.getClass().getSimpleName() + ")");
    }

    /**
     * The verdict on an answer that says nothing about the credentials: a redirect (never followed,
     * since it could lead anywhere) or a server error. Null for any other status.
     */
    static Verdict unusable(int status, String host) {
        if (status >= 300 && status < 400) {
            return Verdict.failed(Reason.UNREACHABLE, host + " answered HTTP " + status
                    + " (a redirect); verification does not follow redirects, so check the configured URL");
        }
        if (status >= 500) {
            return Verdict.failed(Reason.UNREACHABLE, host + " answered HTTP " + status + " (a server error); try again later");
        }
        if (status < 200) {
            return Verdict.failed(Reason.UNREACHABLE, host + " answered HTTP " + status + ", which is not a final answer");
        }
        return null;
    }

    private static String seconds(Duration limit) {
        return limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }
}
