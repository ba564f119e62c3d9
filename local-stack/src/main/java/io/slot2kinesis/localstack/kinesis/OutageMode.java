package io.slot2kinesis.localstack.kinesis;

/** How FastKinesis behaves during an outage. */
public enum OutageMode {
    /** The port stops listening: clients see "connection refused" until the outage ends. */
    REFUSE_CONNECTIONS,
    /** Every Kinesis request is answered HTTP 503 {@code ServiceUnavailable}. */
    SERVICE_UNAVAILABLE
}
