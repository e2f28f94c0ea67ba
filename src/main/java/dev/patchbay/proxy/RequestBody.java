package dev.patchbay.proxy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpRequest;

/**
 * The body a forwarded request carries: held in memory when it is small (then it can be sent again,
 * after a 401 or for a retry), streamed otherwise, and cut off past the size limit. Not thread-safe:
 * one per forwarded request.
 */
final class RequestBody {
    private final byte[] held;
    private final InputStream stream;
    private final long length;

    private RequestBody(byte[] held, InputStream stream, long length) {
        this.held = held;
        this.stream = stream;
        this.length = length;
    }

    /**
     * Reads what fits in {@code settings.replayBytes()}; throws {@link ProxyFailedException}
     * ({@code BODY_TOO_LARGE}) when the declared length exceeds the limit.
     */
    static RequestBody of(ProxyRequest request, ProxySettings settings) throws IOException {
        if (!request.hasBody()) {
            return new RequestBody(null, null, 0);
        }
        long declared = request.contentLength();
        if (declared > settings.maxBodyBytes()) {
            throw tooLarge();
        }
        InputStream in = request.body();
        if (declared >= 0 && declared <= settings.replayBytes()) {
            return new RequestBody(in.readNBytes((int) declared), null, declared);
        }
        if (declared < 0) {
            byte[] start = in.readNBytes(settings.replayBytes() + 1);
            if (start.length <= settings.replayBytes()) {
                return new RequestBody(start, null, start.length);
            }
            in = new SequenceInputStream(new ByteArrayInputStream(start), in);
        }
        return new RequestBody(null, new Limited(in, settings.maxBodyBytes()), declared);
    }

    /** Whether the body can be sent more than once. */
    boolean replayable() {
        return stream == null;
    }

    boolean present() {
        return held != null || stream != null;
    }

    /** A publisher for one send; a streamed body's publisher must be used once only. */
    HttpRequest.BodyPublisher publisher() {
        if (held != null) {
            return HttpRequest.BodyPublishers.ofByteArray(held);
        }
        if (stream == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        HttpRequest.BodyPublisher streamed = HttpRequest.BodyPublishers.ofInputStream(() -> stream);
        return length >= 0 ? HttpRequest.BodyPublishers.fromPublisher(streamed, length) : streamed;
    }

    static ProxyFailedException tooLarge() {
        return new ProxyFailedException(ProxyFailedException.Reason.BODY_TOO_LARGE,
                "the request body is larger than the proxy's limit");
    }

    /** Thrown inside the upstream client when a streamed body passes the limit, to be recognized afterwards. */
    static final class TooLargeException extends IOException {
        TooLargeException() {
            super("the request body is larger than the proxy's limit", null);
        }
    }

    /** Counts what is read and fails once more than {@code limit} bytes came. */
    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new TooLargeException();
            }
        }
    }
}
