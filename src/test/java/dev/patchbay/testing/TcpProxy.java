package dev.patchbay.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A loopback TCP proxy from {@code 127.0.0.1:<port()>} to a target, so a test can take a database
 * away and give it back: {@link #cut()} stops listening and closes every open connection (new
 * connects are refused), {@link #restore()} listens again on the same port. {@link #freeze()} makes
 * the open connections go silent instead, as when a NAT or firewall forgets them: they stay open and
 * nothing they carry arrives, while new connections work. One daemon thread accepts, and each
 * connection has one daemon thread per direction.
 */
public final class TcpProxy implements AutoCloseable {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = new HashSet<>();
    private final Set<Socket> frozen = new HashSet<>();
    private int port;
    private ServerSocket listener;
    private boolean closed;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /**
     * A proxy on a free loopback port to {@code targetHost:targetPort}, already listening. The port is
     * below Linux's ephemeral range (32768 and up): a port from that range could be handed to some
     * outgoing connection while the proxy is cut, and then {@link #restore()} could not listen on it.
     */
    public static TcpProxy to(String targetHost, int targetPort) {
        TcpProxy proxy = new TcpProxy(targetHost, targetPort);
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; ; attempt++) {
            try {
                proxy.listen(20_000 + random.nextInt(12_000));
                return proxy;
            } catch (UncheckedIOException taken) {
                if (attempt == 50) {
                    throw taken;
                }
            }
        }
    }

    public synchronized int port() {
        return port;
    }

    /** How many client connections are open right now. */
    public synchronized int openConnections() {
        return open.size() / 2;
    }

    /** Stops accepting (connects are refused) and closes every open connection, both sides. */
    public synchronized void cut() {
        if (listener != null) {
            closeQuietly(listener);
            listener = null;
        }
        List.copyOf(open).forEach(TcpProxy::closeQuietly);
        open.clear();
        frozen.clear();
    }

    /**
     * Every connection open now stops forwarding in both directions without being closed: what either
     * side sends is read and dropped, so no FIN or RST ever reaches the other. New connections are
     * forwarded as usual.
     */
    public synchronized void freeze() {
        frozen.addAll(open);
    }

    /** Listens again on the same port. */
    public synchronized void restore() {
        if (closed) {
            throw new IllegalStateException("the proxy is closed");
        }
        if (listener == null) {
            listen(port);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        cut();
    }

    private synchronized void listen(int wanted) {
        try {
            ServerSocket socket = new ServerSocket();
            // The port may still have connections in TIME_WAIT from before the cut.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, wanted), 50);
            listener = socket;
            port = socket.getLocalPort();
            daemon("tcp-proxy-accept-" + port, () -> accept(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on 127.0.0.1:" + wanted, e);
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // cut() or close() closed the listener
            }
            Socket server = new Socket();
            try {
                server.connect(new InetSocketAddress(targetHost, targetPort), 3_000);
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(server);
                continue;
            }
            if (!register(socket, client, server)) {
                closeQuietly(client);
                closeQuietly(server);
                return;
            }
            daemon("tcp-proxy-up-" + port, () -> pump(client, server));
            daemon("tcp-proxy-down-" + port, () -> pump(server, client));
        }
    }

    /** Records a new pair unless the listener that accepted it was cut meanwhile. */
    private synchronized boolean register(ServerSocket acceptedBy, Socket client, Socket server) {
        if (listener != acceptedBy) {
            return false;
        }
        open.add(client);
        open.add(server);
        return true;
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (!isFrozen(from)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
            }
        } catch (SocketException e) {
            // closed by cut() or by the other side
        } catch (IOException e) {
            // the same: the connection is over
        } finally {
            drop(from, to);
        }
    }

    private synchronized boolean isFrozen(Socket socket) {
        return frozen.contains(socket);
    }

    private synchronized void drop(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        open.remove(a);
        open.remove(b);
        frozen.remove(a);
        frozen.remove(b);
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // already closed
        }
    }
}
