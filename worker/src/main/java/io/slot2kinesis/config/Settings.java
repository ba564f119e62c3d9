package io.slot2kinesis.config;

import io.slot2kinesis.load.InitialLoadMode;
import io.slot2kinesis.replication.PublicationSetup;
import io.slot2kinesis.replication.SlotGuard.LostSlotPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Every setting of the worker, declared once: name, default, description and parser. */
public final class Settings {
    public static final Setting<String> PGHOST = optional("PGHOST", "localhost", "database host",
            Parsers.text());
    public static final Setting<Integer> PGPORT = optional("PGPORT", "5432", "database port",
            Parsers.integer(1, 65535));
    public static final Setting<String> PGDATABASE = optional("PGDATABASE", "postgres", "database name",
            Parsers.text());
    public static final Setting<String> PGUSER = optional("PGUSER", "postgres",
            "database user with REPLICATION (or rds_replication) and SELECT on the selected tables", Parsers.text());
    public static final Setting<String> PGPASSWORD = new Setting<>("PGPASSWORD", null,
            "database password (never printed)", false, true, Parsers.text());
    public static final Setting<SslMode> PGSSLMODE = optional("PGSSLMODE", "prefer",
            "TLS: " + Parsers.choices(SslMode.class), Parsers.choice(SslMode.class));
    public static final Setting<Path> PGSSLROOTCERT = optional("PGSSLROOTCERT", null,
            "PEM file of CA certificates, required by verify-ca/verify-full (the RDS bundle in AWS)", Parsers.caBundle());

    public static final Setting<String> SLOT = optional("S2K_SLOT", "slot2kinesis",
            "logical replication slot; created if absent, never dropped", Parsers.identifier());
    public static final Setting<String> PUBLICATION = optional("S2K_PUBLICATION", "slot2kinesis",
            "publication; created for the selected tables if absent (with <publication>_insert_only for tables without a "
                    + "key)", Parsers.identifier(Parsers.MAX_NAME_BYTES - PublicationSetup.INSERT_ONLY_SUFFIX.length(),
                    ", because the worker also creates '<S2K_PUBLICATION>_insert_only'"));
    public static final Setting<LostSlotPolicy> SLOT_LOST = optional("S2K_SLOT_LOST", "stop",
            "the slot this worker created is gone (failover, dropped): stop, or recreate it after a backfill",
            Parsers.choice(LostSlotPolicy.class));
    public static final Setting<Path> TABLE_MAPPINGS = optional("S2K_TABLE_MAPPINGS", null,
            "DMS table-mapping JSON file selecting tables; default: every table of the publication",
            Parsers.readableFile());

    public static final Setting<String> TABLE_MAPPINGS_SHA256 = optional("S2K_TABLE_MAPPINGS_SHA256", null,
            "SHA-256 (hex) the S2K_TABLE_MAPPINGS file must have; the CDK app sets it from the file it deployed, so a "
                    + "worker image built from other mappings stops at start instead of capturing other tables",
            Parsers.sha256Hex());

    public static final Setting<Path> TABLE_GROUPS = optional("S2K_TABLE_GROUPS", null,
            "table groups JSON file (in the image: the file worker.tableGroups names in cdk.json) splitting the "
                    + "selected tables among several workers, each with its own slot; needs S2K_GROUP", Parsers.readableFile());
    public static final Setting<String> TABLE_GROUPS_SHA256 = optional("S2K_TABLE_GROUPS_SHA256", null,
            "SHA-256 (hex) the S2K_TABLE_GROUPS file must have; set by the CDK app like S2K_TABLE_MAPPINGS_SHA256",
            Parsers.sha256Hex());
    public static final Setting<String> GROUP = optional("S2K_GROUP", null,
            "the group of S2K_TABLE_GROUPS this worker streams; its slot and publication are <S2K_SLOT>_<group> and "
                    + "<S2K_PUBLICATION>_<group>", Parsers.identifier(
                    io.slot2kinesis.mapping.TableGroups.MAX_NAME_LENGTH, ", as for the group names of S2K_TABLE_GROUPS"));

    public static final Setting<String> STREAM = new Setting<>("S2K_STREAM", null,
            "Kinesis data stream name or ARN", true, false, Parsers.text());
    public static final Setting<String> AWS_REGION = optional("AWS_REGION", null,
            "AWS region of the stream (default us-east-1 with an endpoint override)", Parsers.text());
    public static final Setting<URI> KINESIS_ENDPOINT = optional("AWS_ENDPOINT_URL_KINESIS", null,
            "Kinesis endpoint override, for an emulator", Parsers.httpUri());

    public static final Setting<RecordFormatName> FORMAT = optional("S2K_FORMAT", "dms",
            "record envelope: " + Parsers.choices(RecordFormatName.class), Parsers.choice(RecordFormatName.class));
    public static final Setting<OversizePolicy> OVERSIZE = optional("S2K_OVERSIZE", "stop",
            "record above the stream's maximum size: " + Parsers.choices(OversizePolicy.class),
            Parsers.choice(OversizePolicy.class));
    public static final Setting<String> OVERSIZE_BUCKET = optional("S2K_OVERSIZE_BUCKET", null,
            "S3 bucket for records above the stream's maximum size (required with S2K_OVERSIZE=s3)", Parsers.text());
    public static final Setting<String> OVERSIZE_PREFIX = optional("S2K_OVERSIZE_PREFIX", "large-records/",
            "start of the S3 object keys of S2K_OVERSIZE=s3", Parsers.text());
    public static final Setting<String> OVERSIZE_KMS_KEY = optional("S2K_OVERSIZE_KMS_KEY", null,
            "KMS key (id or ARN) for the SSE-KMS encryption of S2K_OVERSIZE=s3 objects; default: the bucket's",
            Parsers.text());
    public static final Setting<URI> S3_ENDPOINT = optional("AWS_ENDPOINT_URL_S3", null,
            "S3 endpoint override, for a local S3-compatible server (path-style requests)", Parsers.httpUri());
    public static final Setting<DmsValues> DMS_VALUES = optional("S2K_DMS_VALUES", "dms",
            "json/jsonb, arrays and bytea in the dms format: dms (as AWS DMS writes them: text, PostgreSQL's array "
                    + "text, hex without 0x) or rich (embedded JSON, JSON arrays, 0x hex); ignored by debezium",
            Parsers.choice(DmsValues.class));

    public static final Setting<Integer> BATCH_RECORDS = optional("S2K_BATCH_RECORDS", "500",
            "records per PutRecords request", Parsers.integer(1, 500));
    public static final Setting<Duration> BATCH_LINGER = optional("S2K_BATCH_LINGER", "5ms",
            "how long a partial batch waits for more records", Parsers.duration(Duration.ZERO, Duration.ofSeconds(5)));
    public static final Setting<Integer> REQUESTS_IN_FLIGHT = optional("S2K_REQUESTS_IN_FLIGHT", "4",
            "PutRecords requests in flight at once (per-key order is kept regardless)", Parsers.integer(1, 64));
    public static final Setting<Long> BUFFER_BYTES = optional("S2K_BUFFER_BYTES", "16MB",
            "records held in memory before reading pauses", Parsers.bytes(1024 * 1024, 4L * 1024 * 1024 * 1024));
    public static final Setting<Duration> RETRY_MAX_BACKOFF = optional("S2K_RETRY_MAX_BACKOFF", "10s",
            "longest wait between Kinesis retries (exponential with jitter; retries never give up)",
            Parsers.duration(Duration.ofMillis(100), Duration.ofMinutes(5)));
    public static final Setting<Duration> REQUEST_TIMEOUT = optional("S2K_REQUEST_TIMEOUT", "30s",
            "timeout of one PutRecords call", Parsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(5)));
    public static final Setting<Duration> STATUS_INTERVAL = optional("S2K_STATUS_INTERVAL", "10s",
            "how often a status update is sent to PostgreSQL; a newly acknowledged LSN is sent within 1s (or this)",
            Parsers.duration(Duration.ofMillis(100), Duration.ofMinutes(5)));
    public static final Setting<Duration> HEARTBEAT_INTERVAL = optional("S2K_HEARTBEAT_INTERVAL", "0",
            "emit pg_logical_emit_message this often so an idle instance's slot advances; 0 = off",
            Parsers.duration(Duration.ZERO, Duration.ofHours(1)));
    public static final Setting<Duration> PROGRESS_INTERVAL = optional("S2K_PROGRESS_INTERVAL", "10s",
            "how often a progress line (and metrics) is written", Parsers.duration(Duration.ofSeconds(1), Duration.ofHours(1)));
    public static final Setting<MetricsOutput> METRICS = optional("S2K_METRICS", "emf",
            "metrics output: " + Parsers.choices(MetricsOutput.class), Parsers.choice(MetricsOutput.class));
    public static final Setting<Duration> SHUTDOWN_TIMEOUT = optional("S2K_SHUTDOWN_TIMEOUT", "25s",
            "on SIGTERM, how long in-flight records may take to be delivered before exit",
            Parsers.duration(Duration.ofSeconds(1), Duration.ofMinutes(10)));
    public static final Setting<Duration> RECONNECT_MAX_BACKOFF = optional("S2K_RECONNECT_MAX_BACKOFF", "30s",
            "longest wait between reconnection attempts to PostgreSQL",
            Parsers.duration(Duration.ofMillis(100), Duration.ofMinutes(10)));

    public static final Setting<InitialLoadMode> INITIAL_LOAD = optional("S2K_INITIAL_LOAD", "never",
            "read every selected table into the stream (operation load) when the worker creates its slot: "
                    + Parsers.choices(InitialLoadMode.class), Parsers.choice(InitialLoadMode.class));
    public static final Setting<Integer> LOAD_ROWS_PER_SECOND = optional("S2K_LOAD_ROWS_PER_SECOND", "0",
            "most rows per second an initial load or backfill reads; 0 = unlimited", Parsers.integer(0, 100_000_000));
    public static final Setting<Integer> LOAD_CHUNK_ROWS = optional("S2K_LOAD_CHUNK_ROWS", "1024",
            "rows per backfill chunk (held in memory between the chunk's two watermarks)",
            Parsers.integer(1, 1_000_000));
    public static final Setting<String> SIGNAL_TABLE = optional("S2K_SIGNAL_TABLE", "public.slot2kinesis_signals",
            "schema.table holding backfill requests and their progress; created when first needed",
            Parsers.text());

    public static final List<Setting<?>> ALL = List.of(PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE,
            PGSSLROOTCERT, SLOT, PUBLICATION, SLOT_LOST, TABLE_MAPPINGS, TABLE_MAPPINGS_SHA256, TABLE_GROUPS, TABLE_GROUPS_SHA256,
            GROUP, STREAM, AWS_REGION, KINESIS_ENDPOINT, FORMAT, DMS_VALUES, OVERSIZE,
            OVERSIZE_BUCKET, OVERSIZE_PREFIX, OVERSIZE_KMS_KEY, S3_ENDPOINT,
            BATCH_RECORDS, BATCH_LINGER, REQUESTS_IN_FLIGHT, BUFFER_BYTES, RETRY_MAX_BACKOFF, REQUEST_TIMEOUT,
            STATUS_INTERVAL, HEARTBEAT_INTERVAL, PROGRESS_INTERVAL, METRICS, SHUTDOWN_TIMEOUT, RECONNECT_MAX_BACKOFF,
            INITIAL_LOAD, LOAD_ROWS_PER_SECOND, LOAD_CHUNK_ROWS, SIGNAL_TABLE);

    private Settings() {}

    private static <T> Setting<T> optional(String name, String defaultValue, String description,
            java.util.function.Function<String, T> parser) {
        return new Setting<>(name, defaultValue, description, false, false, parser);
    }
}
