package io.slot2kinesis.cli;

import io.slot2kinesis.config.ConfigException;
import io.slot2kinesis.config.KinesisConfig;
import io.slot2kinesis.config.SettingValues;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The Kinesis client, built on its own thread from the Kinesis settings alone while the caller parses and checks all
 * the settings, builds the record format and opens the first PostgreSQL session. In a fresh JVM the SDK's client is
 * the largest part of the start-up (its TLS context, region metadata and credentials chain: docs/performance.md);
 * beside the rest, it uses the second CPU.
 *
 * <p>It changes nothing a user sees: the settings are still validated, and every problem reported, by the caller's
 * own {@code WorkerConfig.load}; a build from settings that do not parse is not attempted, one for a configuration
 * other than the caller's is closed and made again, and the error of one that failed reaches the caller.
 */
final class EarlyKinesisClient implements AutoCloseable {
    private record Built(KinesisConfig config, KinesisClient client) {}

    private final Function<KinesisConfig, KinesisClient> factory;
    /** Completes with null when the settings do not parse; exceptionally when the build failed. */
    private final CompletableFuture<Built> built = new CompletableFuture<>();
    private boolean taken;

    private EarlyKinesisClient(Function<KinesisConfig, KinesisClient> factory) {
        this.factory = factory;
    }

    /** Starts building the client for the settings in {@code environment} and {@code options} (these win). */
    static EarlyKinesisClient start(Map<String, String> environment, Map<String, String> options,
            Function<KinesisConfig, KinesisClient> factory) {
        EarlyKinesisClient early = new EarlyKinesisClient(factory);
        // The SDK's URL-connection client makes its own TLS context the same way; the JDK keeps the providers and the
        // parsed trust store it loads, so this runs beside the SDK's region metadata instead of after it. Nothing is
        // configured differently: the client's context is still its own, with the JDK's default trust store.
        Thread.ofPlatform().daemon().name("tls-context").start(EarlyKinesisClient::loadDefaultTlsContext);
        Thread.ofPlatform().daemon().name("kinesis-client").start(() -> early.build(environment, options));
        return early;
    }

    private void build(Map<String, String> environment, Map<String, String> options) {
        try {
            SettingValues values = new SettingValues(environment, options);
            KinesisConfig config = KinesisConfig.from(values);
            values.requireValid();
            built.complete(new Built(config, factory.apply(config)));
        } catch (ConfigException e) {
            built.complete(null); // the caller's WorkerConfig.load reports these, with every other problem
        } catch (RuntimeException | Error e) {
            built.completeExceptionally(e);
        }
    }

    private static void loadDefaultTlsContext() {
        try {
            SSLContext.getInstance("TLS").init(null, null, null);
        } catch (GeneralSecurityException e) {
            // Only a head start: the SDK's client meets the same failure and reports it when it is built.
        }
    }

    /**
     * The client for {@code config}, once built: the one built ahead when it was built for the same configuration,
     * otherwise one built then; its build's error if it failed. The caller owns (closes) it.
     */
    synchronized CompletableFuture<KinesisClient> client(KinesisConfig config) {
        if (taken) {
            throw new IllegalStateException("the client was already handed over");
        }
        taken = true;
        return built.thenApply(ahead -> {
            if (ahead != null && ahead.config().equals(config)) {
                return ahead.client();
            }
            if (ahead != null) {
                ahead.client().close();
            }
            return factory.apply(config);
        });
    }

    /** Closes the client built ahead unless it was handed over, once it is built (the caller need not wait). */
    @Override
    public synchronized void close() {
        if (!taken) {
            taken = true;
            built.thenAccept(ahead -> {
                if (ahead != null) {
                    ahead.client().close();
                }
            });
        }
    }
}
