package io.slot2kinesis.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WriterEndpointTest {

    /** Answers each line-less message with its name and the message, until the client closes. */
    private static final class NamedEcho implements AutoCloseable {
        private final ServerSocket server;

        NamedEcho(String name) throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        Thread.ofVirtual().start(() -> echo(socket, name));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private static void echo(Socket socket, String name) {
            try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
                byte[] buffer = new byte[256];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    out.write((name + ":" + new String(buffer, 0, read, StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8));
                }
            } catch (IOException ignored) {
                // the client went away
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private static String roundTrip(Socket socket, String message) throws IOException {
        socket.getOutputStream().write(message.getBytes(StandardCharsets.UTF_8));
        byte[] buffer = new byte[256];
        int read = socket.getInputStream().read(buffer);
        return read < 0 ? null : new String(buffer, 0, read, StandardCharsets.UTF_8);
    }

    private static Socket connect(WriterEndpoint endpoint) throws IOException {
        Socket socket = new Socket(InetAddress.getLoopbackAddress(), endpoint.port());
        socket.setSoTimeout(30_000);
        return socket;
    }

    @Test
    @Timeout(60)
    void forwardsToTheCurrentPrimaryAndCutsItsConnectionsWhenPointedElsewhere() throws IOException {
        try (NamedEcho primary = new NamedEcho("primary"); NamedEcho standby = new NamedEcho("standby");
                WriterEndpoint endpoint = WriterEndpoint.forwardingTo(primary.port())) {
            Socket before = connect(endpoint);
            assertThat(roundTrip(before, "hello")).isEqualTo("primary:hello");

            endpoint.pointTo(standby.port());

            assertThat(before.getInputStream().read()).as("a connection forwarded before the switch is cut")
                    .isEqualTo(-1);
            try (Socket after = connect(endpoint)) {
                assertThat(roundTrip(after, "again")).isEqualTo("standby:again");
            }
            assertThat(endpoint.targetPort()).isEqualTo(standby.port());
            before.close();
        }
    }

    @Test
    @Timeout(60)
    void closesTheClientWhenThePrimaryRefusesConnections() throws IOException {
        int nobody;
        try (ServerSocket unused = new ServerSocket(0)) {
            nobody = unused.getLocalPort();
        }
        try (WriterEndpoint endpoint = WriterEndpoint.forwardingTo(nobody); Socket client = connect(endpoint)) {
            assertThat(client.getInputStream().read()).as("the client sees the connection end, as with a dead host")
                    .isEqualTo(-1);
        }
    }
}
