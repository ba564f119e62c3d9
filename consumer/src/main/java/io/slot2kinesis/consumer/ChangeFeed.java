package io.slot2kinesis.consumer;

import java.util.Objects;

/**
 * Reads records into changes and hands the new ones to a {@link ChangeHandler}: the whole consumer side of
 * slot2kinesis in one call per record, the same whichever mode or envelope wrote the stream.
 *
 * <pre>{@code
 * ChangeFeed feed = ChangeFeed.to(change -> {
 *     switch (change.operation()) {
 *         case LOAD, INSERT, UPDATE -> upsert(change.qualifiedTable(), change.key(), change.after(), change.unchanged());
 *         case DELETE -> delete(change.qualifiedTable(), change.key());
 *         case TRUNCATE -> deleteAll(change.qualifiedTable());
 *         default -> { }
 *     }
 * });
 * feed.accept(new StreamRecord(shardId, sequenceNumber, partitionKey, data));
 * }</pre>
 *
 * Records must be fed in shard order (as Lambda and the KCL deliver them); a handler that throws must see the
 * same record again before any later one of its shard (Lambda and the KCL retry from the failed record when
 * told so, see {@code consumer-lambda}). Thread-safe when the handler is: share one feed among shards.
 */
public final class ChangeFeed {
    /** What became of a record. */
    public enum Outcome {
        HANDLED,
        /** Not handed over: {@link DuplicateFilter.Verdict#REDELIVERED}. */
        REDELIVERED,
        /** Not handed over: {@link DuplicateFilter.Verdict#DUPLICATE}. */
        DUPLICATE,
        /** Not handed over: {@link DuplicateFilter.Verdict#BEFORE_TRUNCATE}. */
        BEFORE_TRUNCATE
    }

    private final ChangeParser parser;
    private final DuplicateFilter filter;
    private final ChangeHandler handler;

    public ChangeFeed(ChangeParser parser, DuplicateFilter filter, ChangeHandler handler) {
        this.parser = Objects.requireNonNull(parser, "parser");
        this.filter = Objects.requireNonNull(filter, "filter");
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /** A feed with a default parser (keys learned from control records) and filter. */
    public static ChangeFeed to(ChangeHandler handler) {
        return new ChangeFeed(new ChangeParser(), new DuplicateFilter(), handler);
    }

    /**
     * A feed with a default filter and a parser that resolves pointer records with {@code largeRecords} (the worker's
     * {@code S2K_OVERSIZE=s3}), e.g. {@code S3LargeRecordFetcher.create()}.
     */
    public static ChangeFeed to(ChangeHandler handler, LargeRecordFetcher largeRecords) {
        return new ChangeFeed(ChangeParser.resolvingLargeRecords(largeRecords), new DuplicateFilter(), handler);
    }

    public ChangeParser parser() {
        return parser;
    }

    /**
     * Reads the record and, unless it was seen or superseded, hands its change to the handler.
     *
     * @throws UnreadableRecordException when the record is not a change; it is not marked as seen
     * @throws Exception                 what the handler threw; the record is not marked as seen
     */
    public Outcome accept(StreamRecord record) throws Exception {
        Change change = parser.parse(record.data(), record.partitionKey());
        Outcome outcome = switch (filter.check(record, change)) {
            case REDELIVERED -> Outcome.REDELIVERED;
            case DUPLICATE -> Outcome.DUPLICATE;
            case BEFORE_TRUNCATE -> Outcome.BEFORE_TRUNCATE;
            case NEW -> {
                handler.handle(change);
                yield Outcome.HANDLED;
            }
        };
        filter.accepted(record, change);
        return outcome;
    }
}
