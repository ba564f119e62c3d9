package io.slot2kinesis.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code s3rver} (npm, MIT, pinned in the repository's {@code package.json}): an S3-compatible server keeping objects
 * in a temporary folder, as a child process. Path-style requests only, any credentials accepted (signatures are not
 * checked, any access key id is taken), one bucket created at start. It ignores server-side-encryption and checksum headers: tests of the SSE-KMS
 * request and the SHA-256 checksum rely on the object's content, which the consumer checks against the pointer.
 */
public final class S3Local implements AutoCloseable {
    private static final String SCRIPT = "node_modules/s3rver/bin/s3rver.js";

    /**
     * s3rver knows one access key id ({@code S3RVER}) and refuses others, though it never checks a SigV4 signature:
     * this preload makes it take any, so the worker's own credentials chain (or its placeholders) just works.
     */
    private static final String ANY_ACCESS_KEY = """
            const Account = require('ACCOUNTS');
            const known = Account.registry.get.bind(Account.registry);
            Account.registry.get = (id) => known(id) || Account.DUMMY_ACCOUNT;
            """;

    private final NodeProcess process;
    private final Path directory;

    private S3Local(NodeProcess process, Path directory) {
        this.process = process;
        this.directory = directory;
    }

    /** On a free port, with bucket {@code bucket}. */
    public static S3Local start(String bucket) {
        return NodeProcess.onFreePorts(() -> startOn(NodeProcess.freePort(), bucket));
    }

    /** On {@code port} (e.g. one a worker already tries to reach), with bucket {@code bucket}. */
    public static S3Local startOn(int port, String bucket) {
        Path script = NodeProcess.locate("s3rver", SCRIPT, null);
        Path directory;
        try {
            directory = Files.createTempDirectory("s2k-s3rver-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a folder for s3rver's objects", e);
        }
        Path anyKey = directory.resolve("any-access-key.js");
        Path accounts = script.toAbsolutePath().getParent().getParent().resolve("lib/models/account.js");
        try {
            Files.writeString(anyKey, ANY_ACCESS_KEY.replace("ACCOUNTS", accounts.toString().replace("\\", "/")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + anyKey, e);
        }
        Path objects = directory.resolve("objects");
        return new S3Local(NodeProcess.start("s3rver", script, List.of("--directory", objects.toString(),
                "--address", "127.0.0.1", "--port", Integer.toString(port), "--allow-mismatched-signatures",
                "--no-vhost-buckets", "--configure-bucket", bucket), Map.of("NODE_OPTIONS", "--require=" + anyKey),
                null, port, Duration.ofSeconds(30)), directory);
    }

    /** For {@code AWS_ENDPOINT_URL_S3}. */
    public URI endpoint() {
        return endpointOn(process.port());
    }

    /** The endpoint an S3Local started on {@code port} will have. */
    public static URI endpointOn(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    public int port() {
        return process.port();
    }

    @Override
    public void close() {
        process.close();
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete s3rver's folder " + directory, e);
        }
    }
}
