package io.slot2kinesis.localstack.kinesis;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A fast, in-memory Kinesis Data Streams endpoint that enforces the service's request limits and, when
 * switched on, its per-shard write limits, and injects faults on request. Speaks AWS JSON 1.1 and CBOR
 * 1.1, so a stock SDK v2 client works against {@link #endpoint()} with any credentials.
 *
 * <pre>{@code
 * try (FastKinesis kinesis = FastKinesis.start(0)) {
 *     kinesis.createStream("changes", 4);
 *     KinesisClient client = KinesisClient.builder().endpointOverride(kinesis.endpoint())...
 * }
 * }</pre>
 *
 * <p>Admin HTTP paths on the same port, for a separate process: see {@link AdminHttpHandler}.
 */
public final class FastKinesis implements AutoCloseable {

    static {
        // The JDK server writes headers and body separately; with Nagle on, each response waits for the
        // client's delayed ACK (~40 ms), capping a client at ~25 calls/s per connection. Read once, at
        // the server's first use, so it must be set before any HttpServer starts in this JVM.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final FastKinesisOptions options;
    private final StreamStore store;
    private final FaultInjector faults = new FaultInjector();
    private final TrafficCounters counters = new TrafficCounters();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final KinesisHttpHandler kinesisHandler;
    private final AdminHttpHandler adminHandler;
    private final int port;
    private HttpServer server;
    private boolean closed;

    private FastKinesis(FastKinesisOptions options) {
        this.options = options;
        this.store = new StreamStore(options.region(), options.retainLastPerShard(), options.enforceLimits(),
                System::currentTimeMillis, System::nanoTime);
        this.kinesisHandler = new KinesisHttpHandler(store, faults, counters);
        this.adminHandler = new AdminHttpHandler(this);
        for (FastKinesisOptions.StreamSpec spec : options.streams()) {
            createStream(spec.name(), spec.shards());
        }
        this.server = listen(options.port());
        this.port = server.getAddress().getPort();
    }

    /** Starts on loopback; {@code port} 0 picks a free port. */
    public static FastKinesis start(int port) {
        return start(FastKinesisOptions.onPort(port));
    }

    public static FastKinesis start(FastKinesisOptions options) {
        return new FastKinesis(options);
    }

    /** The endpoint to give the SDK's {@code endpointOverride}. */
    public URI endpoint() {
        String host = options.host().equals("0.0.0.0") ? "127.0.0.1" : options.host();
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port);
    }

    public int port() {
        return port;
    }

    /** Creates an ACTIVE provisioned stream with the default maximum record size (1024 KiB). */
    public void createStream(String name, int shards) {
        createStream(name, shards, KinesisStream.DEFAULT_MAX_RECORD_SIZE_KIB);
    }

    public void createStream(String name, int shards, int maxRecordSizeKiB) {
        store.create(name, shards, false, maxRecordSizeKiB);
    }

    /** Sets a stream's maximum record size (data + partition key), 1024 to 10240 KiB. */
    public void maxRecordSizeKiB(String stream, int kib) {
        StreamStore.checkMaxRecordSize(kib);
        store.require(stream, null).maxRecordSizeKiB(kib);
    }

    /** Switches the per-shard limits (1,000 records/s, 1 MiB/s) on or off for streams without their own switch. */
    public void enforceLimits(boolean enforce) {
        store.enforceLimits(enforce);
    }

    /** Switches the per-shard limits for one stream; {@code null} makes it follow the global switch again. */
    public void enforceLimits(String stream, Boolean enforce) {
        store.require(stream, null).enforceLimits(enforce);
    }

    /** Replaces the fault plan; its seed restarts the random source, so the same plan replays the same faults. */
    public void faults(FaultPlan plan) {
        faults.apply(plan);
    }

    public FaultPlan faults() {
        return faults.plan();
    }

    /**
     * Starts an outage of {@code duration} that ends by itself. {@link OutageMode#REFUSE_CONNECTIONS} also
     * closes the admin paths until it ends.
     */
    public void outage(Duration duration, OutageMode mode) {
        if (mode == OutageMode.SERVICE_UNAVAILABLE) {
            faults.unavailableFor(duration);
            return;
        }
        synchronized (this) {
            if (closed || server == null) {
                return;
            }
            server.stop(0);
            server = null;
        }
        Thread.ofVirtual().name("fastkinesis-outage").start(() -> {
            try {
                Thread.sleep(duration);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                if (!closed && server == null) {
                    server = listen(port);
                }
            }
        });
    }

    public FastKinesisCounters counters() {
        return counters.snapshot();
    }

    /** Records ever stored in {@code stream}, including those dropped by a retention limit. */
    public long recordsStored(String stream) {
        return store.require(stream, null).shards().stream().mapToLong(Shard::nextPosition).sum();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (server != null) {
            server.stop(0);
            server = null;
        }
        executor.shutdownNow();
    }

    private HttpServer listen(int onPort) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(options.host(), onPort), 1024);
            http.createContext("/", kinesisHandler);
            http.createContext(AdminHttpHandler.PREFIX, adminHandler);
            http.setExecutor(executor);
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException("FastKinesis cannot listen on " + options.host() + ":" + onPort
                    + " (is the port taken? use 0 for any free port)", e);
        }
    }

    /** Runs FastKinesis as a command; see {@link FastKinesisCommand}. */
    public static void main(String[] args) throws InterruptedException {
        FastKinesisCommand.main(args);
    }

    StreamStore store() {
        return store;
    }
}
