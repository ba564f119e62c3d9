package io.slot2kinesis.pipeline;

import io.slot2kinesis.change.ChangeAssembler;
import io.slot2kinesis.change.KnownSchemas;
import io.slot2kinesis.change.TableId;
import io.slot2kinesis.checkpoint.AcknowledgementTracker;
import io.slot2kinesis.config.MetricsOutput;
import io.slot2kinesis.config.OversizePolicy;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.format.RecordFormat;
import io.slot2kinesis.kinesis.Backoff;
import io.slot2kinesis.kinesis.RecordPublisher;
import io.slot2kinesis.kinesis.StreamDescription;
import io.slot2kinesis.kinesis.StreamTarget;
import io.slot2kinesis.largerecord.LargeRecordOffload;
import io.slot2kinesis.largerecord.PointerRecords;
import io.slot2kinesis.largerecord.S3LargeRecordStore;
import io.slot2kinesis.load.LoadSupport;
import io.slot2kinesis.metrics.EmbeddedMetrics;
import io.slot2kinesis.pgoutput.PgOutputDecoder;
import io.slot2kinesis.replication.Catalog;
import io.slot2kinesis.replication.NewTableCapture;
import io.slot2kinesis.replication.PublicationSetup;
import io.slot2kinesis.replication.ServerCertificateRejectedException;
import io.slot2kinesis.replication.SessionRefusedException;
import io.slot2kinesis.replication.SlotBusyException;
import io.slot2kinesis.replication.SlotGuard;
import io.slot2kinesis.replication.SlotManager;
import io.slot2kinesis.replication.SlotState;
import io.slot2kinesis.replication.SlotStream;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.postgresql.replication.LogSequenceNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Reads the slot and publishes its changes until stopped, reconnecting to PostgreSQL when the session drops. The
 * slot's flushed LSN only ever covers changes Kinesis has accepted, so a crash at any point causes duplicates at
 * worst, never a gap.
 */
public final class Streamer {
    private static final Logger log = LoggerFactory.getLogger(Streamer.class);
    private static final Duration SLOT_BUSY_RETRY = Duration.ofSeconds(5);
    /**
     * A newly acknowledged LSN reaches the server at most this long after Kinesis accepted its commit (or sooner with
     * a shorter S2K_STATUS_INTERVAL): what a crash sends again is what was accepted since the last report.
     */
    static final Duration ACKNOWLEDGEMENT_REPORT_INTERVAL = Duration.ofSeconds(1);
    /** Kept from S2K_SHUTDOWN_TIMEOUT for the last acknowledgement and closing the sessions. */
    private static final Duration SHUTDOWN_RESERVE = Duration.ofSeconds(1);

    private final WorkerConfig config;
    /** Possibly still being built when {@link #run} starts: see the constructor. */
    private final CompletableFuture<KinesisClient> kinesis;
    private final Predicate<TableId> selected;
    private final RecordFormat format;
    private volatile Progress progress;
    private LoadSupport loads;
    /** Outlives sessions, so a column change or rename around a reconnect still becomes a control record. */
    private final KnownSchemas knownSchemas = new KnownSchemas();
    private NewTableCapture newTables;

    /** {@code selected} chooses the tables to capture; the signal table ({@code S2K_SIGNAL_TABLE}) never is. */
    public Streamer(WorkerConfig config, KinesisClient kinesis, Predicate<TableId> selected, RecordFormat format) {
        this(config, CompletableFuture.completedFuture(kinesis), selected, format);
    }

    /**
     * With a client still being built (most of a fresh JVM's start-up: docs/performance.md): {@link #run} opens the
     * first PostgreSQL session meanwhile, and a client that could not be built stops it with the builder's error
     * before the slot or publication is touched.
     */
    public Streamer(WorkerConfig config, CompletableFuture<KinesisClient> kinesis, Predicate<TableId> selected,
            RecordFormat format) {
        this.config = config;
        this.kinesis = kinesis;
        TableId signalTable = config.load().signalTable();
        this.selected = table -> selected.test(table) && !table.equals(signalTable);
        this.format = format;
    }

    /** Streams until {@code stop} is signalled; then delivers what is in flight and acknowledges it. */
    public void run(StopSignal stop) throws InterruptedException {
        StreamTarget target = new StreamTarget(config.kinesis().stream());
        // The client's build (if not done yet) and its first request (signing, marshalling, the HTTP connection,
        // ~0.5-0.8 s of a cold JVM) run while the first PostgreSQL session opens; the stream is known to exist
        // before the slot or publication is touched.
        CompletableFuture<StreamDescription> described = kinesis.thenApplyAsync(client -> describe(client, target),
                task -> Thread.ofVirtual().name("describe-stream").start(task));
        StreamDescription stream = null;
        RecordPublisher publisher = null;
        AcknowledgementTracker[] trackerHolder = new AcknowledgementTracker[1];
        RecordPublisher.Options options = new RecordPublisher.Options(config.kinesis().batchRecords(),
                config.kinesis().batchLinger(), config.kinesis().requestsInFlight(), config.kinesis().bufferBytes(),
                new Backoff(Duration.ofMillis(100), config.kinesis().retryMaxBackoff()));
        Backoff reconnect = new Backoff(Duration.ofMillis(500), config.reconnectMaxBackoff());
        int failures = 0;
        long lastBusyLog = 0;
        try (Heartbeat heartbeat = config.heartbeatInterval().isZero() ? null
                        : new Heartbeat(config.database(), config.heartbeatInterval(), stop);
                LoadSupport loads = new LoadSupport(config, selected);
                S3LargeRecordStore largeRecordStore = config.oversize() == OversizePolicy.S3
                        ? S3LargeRecordStore.create(config.largeRecords(), config.kinesis().region(),
                                config.kinesis().requestTimeout()) : null) {
            this.loads = loads;
            LargeRecordOffload largeRecords = null;
            while (!stop.isStopped()) {
                try (SlotManager manager = new SlotManager(config.database(), config.slot())) {
                    if (stream == null) {
                        stream = described(described);
                        publisher = new RecordPublisher(kinesis.join(), target, options,
                                record -> trackerHolder[0].accepted(record.number(), System.currentTimeMillis()));
                        log.info("writing to stream {} ({} open shards, max record size {} bytes, format {})",
                                stream.name(), stream.openShards(), stream.maxRecordBytes(),
                                config.format().name().toLowerCase());
                        // Object keys name the stream as described: known only now (it is described while the
                        // first PostgreSQL session opens).
                        largeRecords = largeRecordStore == null ? null
                                : new LargeRecordOffload(largeRecordStore, config.largeRecords().prefix(),
                                        stream.name(), config.slot(), new PointerRecords(config.format()),
                                        new Backoff(Duration.ofMillis(100), config.kinesis().retryMaxBackoff()));
                    }
                    // The publication first: pgoutput must find it for every change after the slot's start.
                    List<String> publications = PublicationSetup.ensure(manager, config.publication(), selected,
                            config.load().signalTable());
                    SlotState slot = new SlotGuard(manager, config.slot(), config.publication(), config.slotLost())
                            .creatingWith(loads.slotCreator(manager)).prepare(trackerHolder[0] == null ? null : trackerHolder[0].flushable());
                    if (trackerHolder[0] == null) {
                        trackerHolder[0] = new AcknowledgementTracker(slot.confirmedFlush());
                    }
                    if (slot.active()) {
                        throw new SlotBusyException(config.slot(), "PID " + slot.activePid());
                    }
                    loads.beforeStreaming(manager, publications, trackerHolder[0], new ChangeHandler(selected, format,
                            publisher, trackerHolder[0], config.oversize(), stream.maxRecordBytes(), stream.name(),
                            () -> {}, stop::isStopped, largeRecords), stop::isStopped);
                    boolean messages = manager.serverMajorVersion() >= 14;
                    try (SlotStream session = SlotStream.open(config.database(), config.slot(), publications,
                            messages, config.statusInterval())) {
                        log.info("streaming slot '{}' (publications {}) from LSN {} on {}", config.slot(),
                                publications, slot.confirmedFlush().asString(), config.database().describe());
                        failures = 0;
                        loads.startBackfill(messages, publications, trackerHolder[0]);
                        captureNewTables(messages);
                        Session running = new Session(session, manager, publisher, trackerHolder[0], stream, stop,
                                largeRecords);
                        try {
                            running.streamUntil(stop);
                        } catch (ChangeHandler.StopRequested e) {
                            log.info("stopping while reading waited for buffer space (Kinesis slower than the "
                                    + "slot, or unreachable) or for S3 to store a large record");
                        }
                        running.finish();
                        return;
                    }
                } catch (ChangeHandler.StopRequested e) {
                    // Stopped before streaming began (during the initial load): nothing to acknowledge.
                    log.info("stopped during the initial load; the next start hands what is left to backfill");
                    return;
                } catch (SlotBusyException e) {
                    if (System.currentTimeMillis() - lastBusyLog > 60_000) {
                        log.warn(e.getMessage());
                        lastBusyLog = System.currentTimeMillis();
                    }
                    stop.await(SLOT_BUSY_RETRY);
                } catch (SQLException | SessionLostException lost) {
                    SQLException e = lost instanceof SessionLostException wrapped ? wrapped.sqlCause()
                            : (SQLException) lost;
                    if (stop.isStopped()) {
                        // Stopping anyway; what was not acknowledged is read again on the next start.
                        log.info("stopping; the PostgreSQL session ended with: {}", e.getMessage());
                        return;
                    }
                    if (stream == null && described.isDone()) {
                        described(described); // a stream that cannot be written to stops the worker, as before
                    }
                    ServerCertificateRejectedException rejected =
                            ServerCertificateRejectedException.of(config.database(), e);
                    if (rejected != null) {
                        throw rejected;
                    }
                    SessionRefusedException refused = SessionRefusedException.of(config.database(), e);
                    if (refused != null) {
                        throw refused;
                    }
                    failures++;
                    Duration wait = reconnect.after(failures);
                    LogSequenceNumber held = trackerHolder[0] == null ? null : trackerHolder[0].flushable();
                    log.warn("lost the PostgreSQL session on {} ({}); slot '{}' is held at LSN {}, reconnecting in "
                                    + "{} ms (attempt {})", config.database().describe(), SessionLoss.describe(e),
                            config.slot(), held == null ? "?" : held.asString(), wait.toMillis(), failures);
                    stop.await(wait);
                }
            }
        } finally {
            try {
                if (publisher != null) {
                    publisher.close();
                }
            } finally {
                if (newTables != null) {
                    newTables.close();
                    newTables = null;
                }
            }
        }
    }

    /** Adds selected tables created later to the publication (backfilling their earlier rows where possible). */
    private void captureNewTables(boolean backfill) {
        if (newTables == null) {
            newTables = new NewTableCapture(config.database(), config.publication(), selected,
                    config.tableMappings() != null || config.tableGroups() != null,
                    backfill ? new NewTableBackfills(config.slot(), config.load().signalTable()) : null);
        }
    }

    /** The progress of the running session, or null before the first one started. */
    public Progress progress() {
        return progress;
    }

    /** The description once it is there; its failure as thrown on the thread that described. */
    private static StreamDescription described(CompletableFuture<StreamDescription> described)
            throws InterruptedException {
        try {
            return described.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    private StreamDescription describe(KinesisClient client, StreamTarget target) {
        try {
            return StreamDescription.describe(client, target);
        } catch (RuntimeException e) {
            throw new StreamUnavailableException(target, config.kinesis(), e);
        }
    }

    /** One replication session, from START_REPLICATION to a stop or a lost connection. */
    private final class Session {
        private final SlotStream session;
        private final StopSignal stop;
        private final RecordPublisher publisher;
        private final AcknowledgementTracker tracker;
        private final ChangeHandler handler;
        private final ChangeAssembler assembler;
        private final PgOutputDecoder decoder = new PgOutputDecoder();
        private final long reportEveryNanos = Math.min(ACKNOWLEDGEMENT_REPORT_INTERVAL.toNanos(),
                config.statusInterval().toNanos());
        private LogSequenceNumber acknowledged;
        private LogSequenceNumber reported;
        private long reportedAtNanos = System.nanoTime();

        Session(SlotStream session, SlotManager manager, RecordPublisher publisher, AcknowledgementTracker tracker,
                StreamDescription stream, StopSignal stop, LargeRecordOffload largeRecords) {
            this.stop = stop;
            this.session = session;
            this.publisher = publisher;
            this.tracker = tracker;
            this.acknowledged = tracker.flushable();
            this.reported = acknowledged;
            this.handler = new ChangeHandler(selected, format, publisher, tracker, config.oversize(),
                    stream.maxRecordBytes(), stream.name(), this::keepAlive, stop::isStopped, largeRecords);
            this.handler.tap(loads.tap());
            this.assembler = new ChangeAssembler(handler, new CatalogTableResolver(manager.connection(), selected),
                    typeOid -> {
                        try {
                            return Catalog.baseType(manager.connection(), typeOid);
                        } catch (SQLException e) {
                            throw new SessionLostException(e);
                        }
                    }, knownSchemas);
            EmbeddedMetrics metrics = config.metrics() == MetricsOutput.EMF ? new EmbeddedMetrics(System.out) : null;
            progress = new Progress(config.slot(), manager, publisher, tracker, metrics, config.progressInterval());
        }

        /**
         * Reads until stopped. A stop inside a transaction reads on to its commit (for at most half the shutdown
         * timeout), so what was delivered can be acknowledged and a restart repeats as little as possible.
         */
        void streamUntil(StopSignal stop) throws SQLException {
            int sinceCheck = 0;
            long finishBy = Long.MAX_VALUE;
            while (!stop.isStopped() || (handler.inTransaction() && System.nanoTime() < finishBy)) {
                if (stop.isStopped() && finishBy == Long.MAX_VALUE) {
                    finishBy = System.nanoTime() + stop.left(config.shutdownTimeout()).toNanos() / 2;
                }
                ByteBuffer payload = session.readPending();
                if (payload != null) {
                    assembler.accept(decoder.decode(payload), session.lastReceiveLsn());
                    if (++sinceCheck < 512) {
                        continue;
                    }
                } else {
                    if (!handler.inTransaction()) {
                        tracker.idleAt(session.lastReceiveLsn());
                    }
                    LockSupport.parkNanos(2_000_000);
                }
                sinceCheck = 0;
                acknowledge();
                progress.maybeReport(acknowledged);
            }
        }

        /**
         * Delivers what is in flight within what is left of the shutdown timeout (a second is kept for telling the
         * server and closing), acknowledges it and tells the server.
         */
        void finish() throws SQLException, InterruptedException {
            Duration left = stop.left(config.shutdownTimeout()).minus(SHUTDOWN_RESERVE);
            boolean drained = publisher.drain(left.isNegative() ? Duration.ZERO : left, this::keepAlive);
            acknowledge();
            session.forceStatusUpdate();
            reported = acknowledged;
            if (drained) {
                log.info("stopped: every record read was accepted by Kinesis; slot '{}' acknowledged to LSN {}",
                        config.slot(), acknowledged.asString());
            } else {
                log.warn("stopped after S2K_SHUTDOWN_TIMEOUT={} with {} record(s) not yet accepted; slot '{}' is held at "
                                + "LSN {} and they will be read again on the next start", config.shutdownTimeout(),
                        publisher.pendingRecords(), config.slot(), acknowledged.asString());
            }
        }

        /**
         * Hands the server what Kinesis accepted. pgjdbc sends it with its next status update (every
         * S2K_STATUS_INTERVAL); a new position is sent at once, at most every {@link #ACKNOWLEDGEMENT_REPORT_INTERVAL},
         * so a crash repeats about a second of records rather than a whole status interval.
         */
        private void acknowledge() throws SQLException {
            LogSequenceNumber flushable = tracker.flushable();
            if (flushable.asLong() > acknowledged.asLong()) {
                session.acknowledge(flushable);
                acknowledged = flushable;
            }
            long now = System.nanoTime();
            if (acknowledged.asLong() > reported.asLong() && now - reportedAtNanos >= reportEveryNanos) {
                session.forceStatusUpdate();
                reported = acknowledged;
                reportedAtNanos = now;
            }
        }

        /** Keeps the replication session alive while the reader waits for buffer space. */
        private void keepAlive() {
            try {
                acknowledge();
                session.forceStatusUpdate();
                reported = acknowledged;
                reportedAtNanos = System.nanoTime();
            } catch (SQLException e) {
                throw new SessionLostException(e);
            }
        }
    }
}
