package io.slot2kinesis.consumer.kcl;

import io.slot2kinesis.consumer.ChangeFeed;
import io.slot2kinesis.consumer.StreamRecord;
import io.slot2kinesis.consumer.UnreadableRecordException;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.kinesis.exceptions.InvalidStateException;
import software.amazon.kinesis.exceptions.ShutdownException;
import software.amazon.kinesis.lifecycle.events.InitializationInput;
import software.amazon.kinesis.lifecycle.events.LeaseLostInput;
import software.amazon.kinesis.lifecycle.events.ProcessRecordsInput;
import software.amazon.kinesis.lifecycle.events.ShardEndedInput;
import software.amazon.kinesis.lifecycle.events.ShutdownRequestedInput;
import software.amazon.kinesis.processor.RecordProcessorCheckpointer;
import software.amazon.kinesis.processor.ShardRecordProcessor;
import software.amazon.kinesis.retrieval.KinesisClientRecord;

/**
 * One shard's processor: feeds each record to the shared {@link ChangeFeed} in order and checkpoints after each
 * batch. The KCL does not redeliver a batch whose processing threw, so a handler failure is retried here, with
 * backoff, until it succeeds or the lease goes: nothing after a failed record is handed over before it. A record
 * that is not a change is logged and skipped.
 */
final class ChangeRecordProcessor implements ShardRecordProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ChangeRecordProcessor.class);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final ChangeFeed feed;
    private String shardId;
    private volatile boolean stopping;

    ChangeRecordProcessor(ChangeFeed feed) {
        this.feed = feed;
    }

    @Override
    public void initialize(InitializationInput input) {
        shardId = input.shardId();
        LOG.info("processing {} from {}", shardId, input.extendedSequenceNumber());
    }

    @Override
    public void processRecords(ProcessRecordsInput input) {
        for (KinesisClientRecord record : input.records()) {
            if (!accept(streamRecord(record))) {
                return;
            }
        }
        checkpoint(input.checkpointer());
    }

    /** False when the processor is stopping before the record could be handled. */
    private boolean accept(StreamRecord record) {
        Duration backoff = FIRST_BACKOFF;
        for (int attempt = 1; !stopping; attempt++) {
            try {
                feed.accept(record);
                return true;
            } catch (UnreadableRecordException e) {
                LOG.error("skipping record {} of {}: {}", record.sequenceNumber(), shardId, e.getMessage());
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                LOG.warn("handling record {} of {} (partition key {}) failed, attempt {}; retrying in {} ms: {}",
                        record.sequenceNumber(), shardId, record.partitionKey(), attempt, backoff.toMillis(), e);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        return false;
    }

    private StreamRecord streamRecord(KinesisClientRecord record) {
        ByteBuffer data = record.data().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new StreamRecord(shardId, record.sequenceNumber(), record.partitionKey(), bytes);
    }

    @Override
    public void leaseLost(LeaseLostInput input) {
        stopping = true;
        LOG.info("lost the lease of {}", shardId);
    }

    @Override
    public void shardEnded(ShardEndedInput input) {
        checkpoint(input.checkpointer());
    }

    @Override
    public void shutdownRequested(ShutdownRequestedInput input) {
        stopping = true;
        checkpoint(input.checkpointer());
    }

    private void checkpoint(RecordProcessorCheckpointer checkpointer) {
        try {
            checkpointer.checkpoint();
        } catch (ShutdownException e) {
            LOG.info("not checkpointing {}: its lease is gone ({})", shardId, e.getMessage());
        } catch (InvalidStateException e) {
            throw new IllegalStateException("cannot checkpoint " + shardId + " in the lease table: "
                    + e.getMessage(), e);
        }
    }
}
