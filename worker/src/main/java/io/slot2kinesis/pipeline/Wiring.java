package io.slot2kinesis.pipeline;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.format.DebeziumFormat;
import io.slot2kinesis.format.DmsFormat;
import io.slot2kinesis.format.RecordFormat;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import io.slot2kinesis.mapping.TableMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The parts chosen by the settings: which tables are selected (the DMS table-mapping file), the record format, and
 * the Kinesis client. Mapping rules the worker cannot honour stop it here, at start, naming the rule.
 */
public record Wiring(Predicate<TableId> selection, RecordFormat format, WorkerConfig config) {

    public static Wiring from(WorkerConfig config) {
        Predicate<TableId> selection = table -> true;
        PartitionKeyPolicies policies = PartitionKeyPolicies.defaults();
        Path mappingsFile = config.tableMappings();
        if (mappingsFile != null) {
            TableMappings mappings = TableMappings.parse(read(mappingsFile), mappingsFile.toString());
            mappings.requireWorkerSupport();
            selection = mappings::selects;
            policies = mappings.partitionKeys();
        }
        RecordFormat format = switch (config.format()) {
            case DMS -> new DmsFormat(Clock.systemUTC(), policies, config.dmsValues());
            case DEBEZIUM -> new DebeziumFormat(Clock.systemUTC(), policies, config.slot(),
                    config.database().database());
        };
        return new Wiring(selection, format, config);
    }

    public KinesisClient kinesisClient() {
        return KinesisClients.create(config.kinesis());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read S2K_TABLE_MAPPINGS file " + file + ": " + e.getMessage(), e);
        }
    }
}
