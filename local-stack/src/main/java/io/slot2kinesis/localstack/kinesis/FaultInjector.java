package io.slot2kinesis.localstack.kinesis;

import java.time.Duration;
import java.util.Random;

/** Draws the faults of the current {@link FaultPlan}; one seeded random source serves all requests. */
final class FaultInjector {

    enum EntryFault { NONE, INTERNAL_FAILURE, THROTTLED }

    /** What to do to a whole request: hold it for {@code delay}, then answer {@code errorStatus} if not 0. */
    record RequestFault(Duration delay, int errorStatus) {
        static final RequestFault NONE = new RequestFault(Duration.ZERO, 0);
    }

    private volatile FaultPlan plan = FaultPlan.none();
    private Random random = new Random(0);
    private volatile long unavailableUntilNanos;

    synchronized void apply(FaultPlan newPlan) {
        this.random = new Random(newPlan.seed());
        this.plan = newPlan;
    }

    FaultPlan plan() {
        return plan;
    }

    EntryFault entryFault() {
        FaultPlan current = plan;
        if (current.internalFailureShare() == 0 && current.throttleShare() == 0) {
            return EntryFault.NONE;
        }
        double draw = draw();
        if (draw < current.internalFailureShare()) {
            return EntryFault.INTERNAL_FAILURE;
        }
        return draw < current.internalFailureShare() + current.throttleShare() ? EntryFault.THROTTLED
                : EntryFault.NONE;
    }

    RequestFault requestFault() {
        FaultPlan current = plan;
        if (current.requestErrorShare() == 0 && current.delayShare() == 0) {
            return RequestFault.NONE;
        }
        Duration delay = current.delayShare() > 0 && draw() < current.delayShare() ? current.delay() : Duration.ZERO;
        int status = current.requestErrorShare() > 0 && draw() < current.requestErrorShare()
                ? current.requestErrorStatus() : 0;
        return new RequestFault(delay, status);
    }

    /** Answers every Kinesis request with 503 for {@code duration}. */
    void unavailableFor(Duration duration) {
        unavailableUntilNanos = System.nanoTime() + duration.toNanos();
    }

    boolean unavailable() {
        long until = unavailableUntilNanos;
        return until != 0 && System.nanoTime() - until < 0;
    }

    private synchronized double draw() {
        return random.nextDouble();
    }
}
