package io.slot2kinesis.consumer.kcl;

import io.slot2kinesis.consumer.ChangeFeed;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.cloudwatch.CloudWatchAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.kinesis.KinesisAsyncClient;
import software.amazon.kinesis.common.ConfigsBuilder;
import software.amazon.kinesis.common.InitialPositionInStream;
import software.amazon.kinesis.common.InitialPositionInStreamExtended;
import software.amazon.kinesis.coordinator.Scheduler;
import software.amazon.kinesis.metrics.MetricsLevel;
import software.amazon.kinesis.metrics.NullMetricsFactory;
import software.amazon.kinesis.retrieval.polling.PollingConfig;

/**
 * A Kinesis Client Library 3.x application that hands every change of a stream to a {@link ChangeFeed}: leases and
 * checkpoints in DynamoDB (tables named after the application), polling retrieval ({@code GetRecords}, no enhanced
 * fan-out), from the oldest record on the first start, CloudWatch metrics off. One feed serves every shard, so its
 * duplicate filter fences rows read from one shard with truncates read from another.
 *
 * <pre>{@code
 * KclChangeConsumer consumer = KclChangeConsumer.start("orders-app", "slot2kinesis-dev", feed,
 *         KinesisAsyncClient.create(), DynamoDbAsyncClient.create(), CloudWatchAsyncClient.create(),
 *         KclChangeConsumer.Timings.DEFAULTS);
 * ...
 * consumer.close();
 * }</pre>
 */
public final class KclChangeConsumer implements AutoCloseable {
    /**
     * @param pollInterval      the pause between two {@code GetRecords} of a shard
     * @param failoverTime      how long a lease may go unrenewed before another worker takes it; also paces lease
     *                          assignment
     * @param shardSyncInterval the pause between two shard syncs; the first start also waits this long after
     *                          creating the leases before it reads
     */
    public record Timings(Duration pollInterval, Duration failoverTime, Duration shardSyncInterval) {
        /** The KCL's own defaults. */
        public static final Timings DEFAULTS = new Timings(Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(1));
    }

    private final Scheduler scheduler;
    private final Thread thread;

    private KclChangeConsumer(Scheduler scheduler) {
        this.scheduler = scheduler;
        this.thread = new Thread(scheduler, "kcl-scheduler");
        thread.setDaemon(true);
    }

    /**
     * Starts the application on a thread of its own.
     *
     * @param applicationName names the lease table and the KCL's other tables; one per consuming application
     * @param streamName      the slot2kinesis stream
     * @param timings         the KCL's pace: {@link Timings#DEFAULTS} in AWS
     */
    public static KclChangeConsumer start(String applicationName, String streamName, ChangeFeed feed,
            KinesisAsyncClient kinesis, DynamoDbAsyncClient dynamo, CloudWatchAsyncClient cloudWatch,
            Timings timings) {
        Objects.requireNonNull(feed, "feed");
        ConfigsBuilder configs = new ConfigsBuilder(streamName, applicationName, kinesis, dynamo, cloudWatch,
                applicationName + "-" + UUID.randomUUID(), () -> new ChangeRecordProcessor(feed));
        Scheduler scheduler = new Scheduler(
                configs.checkpointConfig(),
                configs.coordinatorConfig(),
                configs.leaseManagementConfig().failoverTimeMillis(timings.failoverTime().toMillis())
                        .shardSyncIntervalMillis(timings.shardSyncInterval().toMillis()),
                configs.lifecycleConfig(),
                configs.metricsConfig().metricsFactory(new NullMetricsFactory()).metricsLevel(MetricsLevel.NONE),
                configs.processorConfig(),
                configs.retrievalConfig()
                        .initialPositionInStreamExtended(InitialPositionInStreamExtended.newInitialPosition(
                                InitialPositionInStream.TRIM_HORIZON))
                        .retrievalSpecificConfig(new PollingConfig(streamName, kinesis)
                                .idleTimeBetweenReadsInMillis(timings.pollInterval().toMillis())));
        KclChangeConsumer consumer = new KclChangeConsumer(scheduler);
        consumer.thread.start();
        return consumer;
    }

    /** Asks every shard's processor to checkpoint and stop, and waits up to {@code timeout}. */
    public boolean stop(Duration timeout) {
        Future<Boolean> shutdown = scheduler.startGracefulShutdown();
        try {
            return shutdown.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        } finally {
            scheduler.shutdown();
        }
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(20));
    }
}
