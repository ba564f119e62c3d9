package io.slot2kinesis.pipeline;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.format.DebeziumFormat;
import io.slot2kinesis.format.DmsFormat;
import io.slot2kinesis.format.RecordFormat;
import io.slot2kinesis.kinesis.KinesisClients;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import io.slot2kinesis.mapping.TableGroups;
import io.slot2kinesis.mapping.TableMappings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * The parts chosen by the settings: which tables are selected (the DMS table-mapping file, and with table groups only
 * those of {@code S2K_GROUP}), the record format, and the Kinesis client. Mapping rules the worker cannot honour, and
 * an unknown group, stop it here, at start, naming the rule or the known groups.
 *
 * @param mappingSelection the tables the mappings select, whatever their group
 * @param groups the table groups, or null without a groups file (one implicit group)
 */
public record Wiring(Predicate<TableId> selection, Predicate<TableId> mappingSelection, TableGroups groups,
        RecordFormat format, WorkerConfig config) {

    public static Wiring from(WorkerConfig config) {
        Predicate<TableId> selection = table -> true;
        PartitionKeyPolicies policies = PartitionKeyPolicies.defaults();
        Path mappingsFile = config.tableMappings();
        if (mappingsFile != null) {
            TableMappings mappings = TableMappings.parse(read(mappingsFile, "S2K_TABLE_MAPPINGS"), mappingsFile.toString());
            mappings.requireWorkerSupport();
            selection = mappings::selects;
            policies = mappings.partitionKeys();
        }
        Predicate<TableId> mappingSelection = selection;
        TableGroups groups = null;
        if (config.tableGroups() != null) {
            TableGroups parsed = TableGroups.parse(read(config.tableGroups(), "S2K_TABLE_GROUPS"),
                    config.tableGroups().toString());
            TableGroups.Group group = parsed.group(config.group());
            groups = parsed;
            // groupOf throws naming the table and both groups when two groups match it: the worker refuses to start
            // (the catalog is read when the publication is set up), and a table created later is not added.
            // Tested for every change: remembered per table (a conflict is not, so it is reported again).
            Map<TableId, Boolean> inGroup = new ConcurrentHashMap<>();
            selection = table -> inGroup.computeIfAbsent(table,
                    candidate -> mappingSelection.test(candidate) && parsed.groupOf(candidate).equals(group));
        }
        RecordFormat format = switch (config.format()) {
            case DMS -> new DmsFormat(Clock.systemUTC(), policies, config.dmsValues());
            case DEBEZIUM -> new DebeziumFormat(Clock.systemUTC(), policies, config.slot(),
                    config.database().database());
        };
        return new Wiring(selection, mappingSelection, groups, format, config);
    }

    public KinesisClient kinesisClient() {
        return KinesisClients.create(config.kinesis());
    }

    private static String read(Path file, String setting) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + setting + " file " + file + ": " + e.getMessage(), e);
        }
    }
}
