package io.slot2kinesis.it.target;

import io.slot2kinesis.it.target.deployed.DeployedTarget;
import io.slot2kinesis.it.target.deployed.DeploymentOutputs;
import io.slot2kinesis.it.target.local.LocalTarget;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.net.URI;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Chooses the target from {@code -Ds2k.target}: {@code local} (default), {@code deployed}, {@code containers}. */
public final class Targets {
    public static final String PROPERTY = "s2k.target";

    private Targets() {}

    public static Target select(Map<String, String> properties, Map<String, String> environment) {
        String name = properties.getOrDefault(PROPERTY, "local").trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "", "local" -> new LocalTarget();
            case "deployed" -> new DeployedTarget(DeploymentOutputs.locateAndRead(properties, environment));
            case "containers" -> throw new IllegalStateException(containersUnavailable(environment));
            default -> throw new IllegalStateException(PROPERTY + " '" + name + "' is not a target: use local"
                    + " (default), deployed or containers");
        };
    }

    /**
     * The containers target would take PostgreSQL from Testcontainers, which needs a Docker engine. It is not built
     * yet; asking for it always fails, and says whether an engine was found.
     */
    static String containersUnavailable(Map<String, String> environment) {
        String dockerHost = environment.getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock");
        boolean reachable = dockerReachable(dockerHost);
        return "s2k.target=containers needs a Docker engine (Testcontainers supplies PostgreSQL there) and "
                + (reachable ? "one is reachable at " + dockerHost + ", but this target is not built yet: run the"
                        + " local target (the default) instead"
                        : "none is reachable at " + dockerHost + " (set DOCKER_HOST or start Docker); run the local"
                        + " target (the default) instead");
    }

    private static boolean dockerReachable(String dockerHost) {
        try {
            URI uri = URI.create(dockerHost);
            if ("unix".equals(uri.getScheme())) {
                Path socket = Path.of(uri.getPath());
                if (!Files.exists(socket)) {
                    return false;
                }
                try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                    return channel.connect(UnixDomainSocketAddress.of(socket));
                }
            }
            if ("tcp".equals(uri.getScheme())) {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1000);
                    return true;
                }
            }
            return false;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
