package io.slot2kinesis.pipeline;

import io.slot2kinesis.checkpoint.AcknowledgementTracker;
import io.slot2kinesis.kinesis.RecordPublisher;
import io.slot2kinesis.metrics.EmbeddedMetrics;
import io.slot2kinesis.metrics.ProgressSnapshot;
import io.slot2kinesis.replication.SlotManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The progress line every few seconds, and the same figures as metrics. */
public final class Progress {
    private static final Logger log = LoggerFactory.getLogger("io.slot2kinesis.progress");
    private final String slot;
    private final SlotManager manager;
    private final RecordPublisher publisher;
    private final AcknowledgementTracker tracker;
    private final EmbeddedMetrics metrics;
    private final long intervalNanos;
    private long lastNanos = System.nanoTime();
    private long lastAccepted;
    private volatile ProgressSnapshot latest;
    /** The slot lag as last queried, -1 when unknown; queried off the reading thread (see {@link #refreshLag()}). */
    private volatile long lagBytes = -1;
    private final AtomicBoolean lagQueryRunning = new AtomicBoolean();

    Progress(String slot, SlotManager manager, RecordPublisher publisher, AcknowledgementTracker tracker,
            EmbeddedMetrics metrics, Duration interval) {
        this.slot = slot;
        this.manager = manager;
        this.publisher = publisher;
        this.tracker = tracker;
        this.metrics = metrics;
        this.intervalNanos = interval.toNanos();
        this.lastAccepted = publisher.stats().accepted();
    }

    /** The figures of the last report, or null before the first. */
    public ProgressSnapshot latest() {
        return latest;
    }

    /** The acknowledged LSN as reported so far. */
    public LogSequenceNumber acknowledged() {
        return tracker.flushable();
    }

    void maybeReport(LogSequenceNumber acknowledged) {
        long now = System.nanoTime();
        if (now - lastNanos < intervalNanos) {
            return;
        }
        refreshLag();
        long accepted = publisher.stats().accepted();
        double seconds = (now - lastNanos) / 1e9;
        ProgressSnapshot snapshot = new ProgressSnapshot(slot, (accepted - lastAccepted) / seconds, accepted,
                tracker.pending(), acknowledged.asString(), lagBytes, tracker.oldestPendingAgeMillis(
                        System.currentTimeMillis()), publisher.stats().failedEntries());
        lastNanos = now;
        lastAccepted = accepted;
        latest = snapshot;
        log.info("{} rec/s, {} published, {} pending (oldest {} ms), acknowledged LSN {}, slot lag {}",
                Math.round(snapshot.recordsPerSecond()), snapshot.recordsAccepted(), snapshot.recordsPending(),
                snapshot.oldestPendingMillis(), snapshot.acknowledgedLsn(),
                snapshot.lagBytes() < 0 ? "unknown" : snapshot.lagBytes() + " bytes");
        if (metrics != null) {
            metrics.publish(snapshot, System.currentTimeMillis());
        }
    }

    /**
     * Starts a query of the slot lag on its own thread, unless one is still running. The reading thread must never
     * wait on SQL: a slow or dead SQL session would stop replication and keep SIGTERM from finishing. The report
     * shows the lag of the previous query.
     */
    private void refreshLag() {
        if (!lagQueryRunning.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("slot-lag").start(() -> {
            try {
                lagBytes = manager.slotState().map(state -> state.lagBytes()).orElse(-1L);
            } catch (SQLException | RuntimeException e) {
                log.debug("could not read the slot lag", e);
                lagBytes = -1;
            } finally {
                lagQueryRunning.set(false);
            }
        });
    }
}
