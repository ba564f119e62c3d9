package io.slot2kinesis.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stand-in for a cluster's writer endpoint: one local port that forwards each TCP connection to the current
 * primary. {@link #pointTo(int)} moves it to another server and cuts every connection it forwarded, as a failover
 * does when the writer DNS name moves to the promoted instance and the old one is gone.
 */
public final class WriterEndpoint implements AutoCloseable {
    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;
    private volatile int targetPort;
    private volatile boolean closed;

    private WriterEndpoint(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
        this.acceptor = Thread.ofPlatform().name("writer-endpoint-" + server.getLocalPort()).daemon()
                .start(this::acceptLoop);
    }

    /** Listens on a free local port and forwards to {@code localhost:targetPort}. */
    public static WriterEndpoint forwardingTo(int targetPort) {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return new WriterEndpoint(server, targetPort);
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the writer endpoint's port: " + e.getMessage(), e);
        }
    }

    /** The port clients connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /** The port new connections go to. */
    public int targetPort() {
        return targetPort;
    }

    /** New connections go to {@code localhost:newTargetPort}; every connection open now is cut. */
    public void pointTo(int newTargetPort) {
        targetPort = newTargetPort;
        cutConnections();
    }

    /** Closes every forwarded connection in both directions, as a vanished server would. */
    public void cutConnections() {
        for (Socket socket : open) {
            closeQuietly(socket);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            Thread.ofVirtual().start(() -> connect(client));
        }
    }

    private void connect(Socket client) {
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5_000);
        } catch (IOException refused) {
            closeQuietly(client);
            closeQuietly(upstream);
            return;
        }
        open.add(client);
        open.add(upstream);
        if (closed) {
            cutConnections();
        }
        Thread.ofVirtual().start(() -> pipe(client, upstream));
        pipe(upstream, client);
    }

    /** Copies {@code from} to {@code to} until either side closes, then closes both. */
    private void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[BUFFER_BYTES];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                out.write(buffer, 0, read);
                out.flush();
            }
        } catch (SocketException closedElsewhere) {
            // pointTo or the other direction closed the pair
        } catch (IOException e) {
            // a reset from either end ends the pair the same way
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        cutConnections();
        try {
            acceptor.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
