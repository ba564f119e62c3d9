package io.slot2kinesis.bench;

import io.slot2kinesis.localstack.LocalPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debezium Server 3.6.0.Final with the PostgreSQL source (pgoutput, the pre-created slot and publication, no
 * snapshot) and the Kinesis sink, JSON without schemas: the configuration of {@code local-kinesis.md}.
 */
final class DebeziumContender implements Contender {
    private final DebeziumDistribution distribution;
    private final String heap;
    private final LocalPostgres postgres;
    private final URI kinesis;

    DebeziumContender(DebeziumDistribution distribution, String heap, LocalPostgres postgres, URI kinesis) {
        this.distribution = distribution;
        this.heap = heap;
        this.postgres = postgres;
        this.kinesis = kinesis;
    }

    @Override
    public String name() {
        return "debezium";
    }

    @Override
    public String stream(String tag, String table) {
        return prefix(tag) + ".public." + table;
    }

    private static String prefix(String tag) {
        return "dbz-" + tag;
    }

    @Override
    public ChildProcess start(String tag, String slot, Path logDirectory) {
        try {
            Path run = Files.createDirectories(logDirectory.resolve("debezium-" + tag).toAbsolutePath());
            Files.createDirectories(run.resolve("config"));
            Files.createDirectories(run.resolve("data"));
            Files.writeString(run.resolve("config/application.properties"), properties(tag, slot));
            Path credentials = run.resolve("credentials");
            Files.writeString(credentials, "[default]\naws_access_key_id = local\naws_secret_access_key = local\n");
            Path gcLog = run.resolve("gc.log");
            Path home = distribution.home();
            List<String> command = new ArrayList<>(List.of(Java.binary()));
            if (!heap.isEmpty()) {
                command.add("-Xmx" + heap);
            }
            command.addAll(List.of("-Xlog:gc:file=" + gcLog, "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    // Measured this way in local-kinesis.md; its SDK 2.17 sends CBOR otherwise.
                    "-Daws.cborEnabled=false",
                    "-cp", home.resolve(DebeziumDistribution.RUNNER) + ":" + home.resolve("config/lib") + ":"
                            + home.resolve("lib") + "/*",
                    "io.debezium.server.Main"));
            Map<String, String> env = Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                    "AWS_EC2_METADATA_DISABLED", "true");
            return ChildProcess.start("debezium", command, env, run, logDirectory.resolve("debezium-" + tag + ".log"),
                    gcLog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the Debezium Server run directory under " + logDirectory, e);
        }
    }

    private String properties(String tag, String slot) {
        return String.join("\n",
                "debezium.sink.type=kinesis",
                "debezium.sink.kinesis.region=us-east-1",
                "debezium.sink.kinesis.endpoint=" + kinesis,
                "debezium.sink.kinesis.credentials.profile=default",
                "debezium.source.connector.class=io.debezium.connector.postgresql.PostgresConnector",
                "debezium.source.offset.storage.file.filename=data/offsets.dat",
                "debezium.source.offset.flush.interval.ms=0",
                "debezium.source.database.hostname=" + postgres.host(),
                "debezium.source.database.port=" + postgres.port(),
                "debezium.source.database.user=" + LocalPostgres.USER,
                "debezium.source.database.password=postgres",
                "debezium.source.database.dbname=" + LocalPostgres.DATABASE,
                "debezium.source.topic.prefix=" + prefix(tag),
                "debezium.source.plugin.name=pgoutput",
                "debezium.source.slot.name=" + slot,
                "debezium.source.publication.name=" + BenchDatabase.PUBLICATION,
                "debezium.source.publication.autocreate.mode=disabled",
                "debezium.source.snapshot.mode=no_data",
                "debezium.source.table.include.list=public." + BenchDatabase.TABLE + ",public."
                        + BenchDatabase.LIVE_TABLE,
                "debezium.format.key=json",
                "debezium.format.key.schemas.enable=false",
                "debezium.format.value=json",
                "debezium.format.value.schemas.enable=false",
                "quarkus.log.console.json=false",
                "") ;
    }
}
