package io.slot2kinesis.consumer.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.KinesisEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import io.slot2kinesis.consumer.ChangeFeed;
import io.slot2kinesis.consumer.StreamRecord;
import io.slot2kinesis.consumer.UnreadableRecordException;
import java.nio.ByteBuffer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An AWS Lambda handler for a Kinesis event source mapping: feeds each record of the batch, in order, to a
 * {@link ChangeFeed}, and reports the first record that failed as the batch's item failure, so that Lambda
 * checkpoints before it and retries from it. Records after a failed one are not handed over in this call: they
 * come again with the retry, which keeps each key's changes in order.
 *
 * <p>The event source mapping needs {@code FunctionResponseTypes=[ReportBatchItemFailures]} (without it Lambda
 * ignores the response and retries the whole batch), and should set {@code BisectBatchOnFunctionError}, a
 * {@code MaximumRetryAttempts} and an on-failure destination, so that a record that always fails (an unreadable
 * one, a handler bug) does not hold its shard forever. Extend it with a no-argument constructor:
 *
 * <pre>{@code
 * public final class OrdersHandler extends KinesisChangeHandler {
 *     public OrdersHandler() {
 *         super(ChangeFeed.to(change -> System.out.println(change)));
 *     }
 * }
 * }</pre>
 *
 * With a worker on {@code S2K_OVERSIZE=s3}, give the feed a fetcher for the records stored in S3:
 * {@code ChangeFeed.to(handler, S3LargeRecordFetcher.create())} (the function's role then needs {@code s3:GetObject}
 * on the prefix and {@code kms:Decrypt} on the key); an object that cannot be read fails its record, which is retried.
 *
 * <p>The feed's duplicate filter lives as long as the execution environment: a retry that reaches the same one is
 * filtered by sequence number; one that reaches another is not, so the handler must still tolerate seeing a
 * change twice.
 */
public class KinesisChangeHandler implements RequestHandler<KinesisEvent, StreamsEventResponse> {
    private final ChangeFeed feed;

    public KinesisChangeHandler(ChangeFeed feed) {
        this.feed = Objects.requireNonNull(feed, "feed");
    }

    @Override
    public StreamsEventResponse handleRequest(KinesisEvent event, Context context) {
        Map<ChangeFeed.Outcome, Integer> outcomes = new EnumMap<>(ChangeFeed.Outcome.class);
        List<KinesisEvent.KinesisEventRecord> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (KinesisEvent.KinesisEventRecord eventRecord : records) {
            StreamRecord record = streamRecord(eventRecord);
            try {
                outcomes.merge(feed.accept(record), 1, Integer::sum);
            } catch (UnreadableRecordException e) {
                log(context, "record " + record.sequenceNumber() + " of " + record.shardId()
                        + " is not a slot2kinesis change, retrying it until the event source mapping gives up"
                        + " (its on-failure destination gets it): " + e.getMessage());
                return failedAt(record, outcomes, records.size(), context);
            } catch (Exception e) {
                log(context, "handling record " + record.sequenceNumber() + " of " + record.shardId()
                        + " (partition key " + record.partitionKey() + ") failed, retrying from it: " + e);
                return failedAt(record, outcomes, records.size(), context);
            }
        }
        return new StreamsEventResponse(List.of());
    }

    private StreamsEventResponse failedAt(StreamRecord record, Map<ChangeFeed.Outcome, Integer> outcomes, int total,
            Context context) {
        log(context, "batch of " + total + " records: " + outcomes + " before the failed one; "
                + (total - outcomes.values().stream().mapToInt(Integer::intValue).sum()) + " left for the retry");
        return new StreamsEventResponse(List.of(new StreamsEventResponse.BatchItemFailure(record.sequenceNumber())));
    }

    /** The shard is the part of the event id before the colon: {@code shardId-000000000006:4959...}. */
    static StreamRecord streamRecord(KinesisEvent.KinesisEventRecord eventRecord) {
        KinesisEvent.Record kinesis = eventRecord.getKinesis();
        String eventId = eventRecord.getEventID();
        int colon = eventId == null ? -1 : eventId.indexOf(':');
        String shardId = colon > 0 ? eventId.substring(0, colon) : null;
        ByteBuffer data = kinesis.getData().duplicate();
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        return new StreamRecord(shardId, kinesis.getSequenceNumber(), kinesis.getPartitionKey(), bytes);
    }

    private static void log(Context context, String message) {
        if (context != null && context.getLogger() != null) {
            context.getLogger().log(message + "\n");
        } else {
            System.err.println(message);
        }
    }
}
