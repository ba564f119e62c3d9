package io.slot2kinesis.localstack.kinesis;

/**
 * A whole-request error, answered as the service does: HTTP status plus a body
 * {@code {"__type": errorCode, "message": message}}.
 */
final class KinesisException extends RuntimeException {

    static final String ACCOUNT_ID = "000000000000";

    private final String errorCode;
    private final int httpStatus;

    KinesisException(String errorCode, int httpStatus, String message) {
        super(message, null, false, false);
        this.errorCode = errorCode;
        this.httpStatus = httpStatus;
    }

    String errorCode() {
        return errorCode;
    }

    int httpStatus() {
        return httpStatus;
    }

    /** Model constraint violations, phrased like the service's request validation. */
    static KinesisException validation(String message) {
        return new KinesisException("ValidationException", 400, message);
    }

    static KinesisException invalidArgument(String message) {
        return new KinesisException("InvalidArgumentException", 400, message);
    }

    static KinesisException streamNotFound(String streamName) {
        return new KinesisException("ResourceNotFoundException", 400,
                "Stream " + streamName + " under account " + ACCOUNT_ID + " not found.");
    }

    static KinesisException streamExists(String streamName) {
        return new KinesisException("ResourceInUseException", 400,
                "Stream " + streamName + " under account " + ACCOUNT_ID + " already exists.");
    }

    static KinesisException throttled(String shardId, String streamName) {
        return new KinesisException("ProvisionedThroughputExceededException", 400,
                rateExceededMessage(shardId, streamName));
    }

    static KinesisException internalFailure() {
        return new KinesisException("InternalFailure", 500, "Internal Service Failure");
    }

    static KinesisException serviceUnavailable() {
        return new KinesisException("ServiceUnavailable", 503, "Service Unavailable");
    }

    static KinesisException unknownOperation(String target) {
        return new KinesisException("UnknownOperationException", 400,
                "Operation " + target + " is not supported by FastKinesis");
    }

    static KinesisException serialization(String detail) {
        return new KinesisException("SerializationException", 400, detail);
    }

    /** The per-entry and whole-request message the service gives for a throttled shard. */
    static String rateExceededMessage(String shardId, String streamName) {
        return "Rate exceeded for shard " + shardId + " in stream " + streamName + " under account "
                + ACCOUNT_ID + ".";
    }
}
