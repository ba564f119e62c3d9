package io.slot2kinesis.localstack.kinesis;

import java.time.Duration;

/**
 * Faults to inject into PutRecord/PutRecords, as shares between 0 and 1 drawn from a seeded random
 * source, so a test replays the same failures for the same sequence of requests.
 *
 * @param internalFailureShare share of entries answered {@code ErrorCode: InternalFailure}
 * @param throttleShare share of entries answered {@code ProvisionedThroughputExceededException}
 * @param requestErrorShare share of whole requests answered with {@code requestErrorStatus}
 * @param requestErrorStatus 500 ({@code InternalFailure}) or 503 ({@code ServiceUnavailable})
 * @param delayShare share of requests held for {@code delay} before they are processed
 * @param delay how long a delayed request is held (make it longer than the client's timeout)
 * @param seed seed of the random source
 */
public record FaultPlan(double internalFailureShare, double throttleShare, double requestErrorShare,
        int requestErrorStatus, double delayShare, Duration delay, long seed) {

    private static final FaultPlan NONE = new FaultPlan(0, 0, 0, 503, 0, Duration.ZERO, 0);

    public FaultPlan {
        checkShare("internalFailureShare", internalFailureShare);
        checkShare("throttleShare", throttleShare);
        checkShare("requestErrorShare", requestErrorShare);
        checkShare("delayShare", delayShare);
        if (internalFailureShare + throttleShare > 1.0) {
            throw new IllegalArgumentException("internalFailureShare + throttleShare must not exceed 1, was "
                    + internalFailureShare + " + " + throttleShare);
        }
        if (requestErrorStatus != 500 && requestErrorStatus != 503) {
            throw new IllegalArgumentException("requestErrorStatus must be 500 (InternalFailure) or 503"
                    + " (ServiceUnavailable), was " + requestErrorStatus);
        }
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("delay must be zero or positive, was " + delay);
        }
    }

    /** No faults: every request is answered normally. */
    public static FaultPlan none() {
        return NONE;
    }

    public FaultPlan withInternalFailures(double share) {
        return new FaultPlan(share, throttleShare, requestErrorShare, requestErrorStatus, delayShare, delay, seed);
    }

    public FaultPlan withThrottling(double share) {
        return new FaultPlan(internalFailureShare, share, requestErrorShare, requestErrorStatus, delayShare, delay,
                seed);
    }

    public FaultPlan withRequestErrors(double share, int httpStatus) {
        return new FaultPlan(internalFailureShare, throttleShare, share, httpStatus, delayShare, delay, seed);
    }

    public FaultPlan withDelays(double share, Duration requestDelay) {
        return new FaultPlan(internalFailureShare, throttleShare, requestErrorShare, requestErrorStatus, share,
                requestDelay, seed);
    }

    public FaultPlan withSeed(long newSeed) {
        return new FaultPlan(internalFailureShare, throttleShare, requestErrorShare, requestErrorStatus,
                delayShare, delay, newSeed);
    }

    boolean isNone() {
        return internalFailureShare == 0 && throttleShare == 0 && requestErrorShare == 0 && delayShare == 0;
    }

    private static void checkShare(String name, double share) {
        if (!(share >= 0.0 && share <= 1.0)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + share);
        }
    }
}
