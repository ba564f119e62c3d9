package io.slot2kinesis.check;

import io.slot2kinesis.change.TableId;
import io.slot2kinesis.config.WorkerConfig;
import io.slot2kinesis.kinesis.StreamDescription;
import io.slot2kinesis.mapping.TableGroups;
import io.slot2kinesis.kinesis.StreamTarget;
import io.slot2kinesis.replication.Catalog;
import io.slot2kinesis.replication.CatalogTable;
import io.slot2kinesis.replication.NewTables;
import io.slot2kinesis.replication.PublicationSetup;
import io.slot2kinesis.replication.PublishedTable;
import io.slot2kinesis.replication.SlotGuard;
import io.slot2kinesis.replication.SlotManager;
import io.slot2kinesis.replication.SlotState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.function.Predicate;
import software.amazon.awssdk.services.kinesis.KinesisClient;

/**
 * Connects and reports, table by table, whether everything {@code run} needs is in place. Changes nothing.
 */
public final class SetupCheck {
    private final WorkerConfig config;
    private final Predicate<TableId> selected;
    private final GroupSlots groups;
    private final KinesisClient kinesis;

    public SetupCheck(WorkerConfig config, Predicate<TableId> selected, KinesisClient kinesis) {
        this(config, selected, null, kinesis);
    }

    /** With table groups ({@code groups} not null), also reports every group's slot; see {@link GroupSlots}. */
    private SetupCheck(WorkerConfig config, Predicate<TableId> selected, GroupSlots groups, KinesisClient kinesis) {
        this.config = config;
        this.selected = selected;
        this.groups = groups;
        this.kinesis = kinesis;
    }

    /** The check of a worker of one group of {@code groups}. */
    public static SetupCheck ofGroup(WorkerConfig config, Predicate<TableId> selected, TableGroups groups,
            Predicate<TableId> mappingSelection, KinesisClient kinesis) {
        return new SetupCheck(config, selected, new GroupSlots(config, groups, mappingSelection), kinesis);
    }

    public List<Finding> run() {
        List<Finding> findings = new ArrayList<>();
        database(findings);
        stream(findings);
        LargeRecordFinding.of(config).ifPresent(findings::add);
        return findings;
    }

    private void database(List<Finding> findings) {
        try (SlotManager manager = new SlotManager(config.database(), config.slot())) {
            Connection connection = manager.connection();
            findings.add(Finding.ok("connection", config.database().describe() + ", PostgreSQL "
                    + single(connection, "SHOW server_version")));
            findings.add(TlsFinding.of(config.database(), connection));
            walLevel(connection, findings);
            pendingRestart(connection, findings);
            privileges(connection, findings);
            slot(manager, findings);
            if (groups == null || groups.report(manager, Catalog.userTables(connection), findings)) {
                tables(manager, findings);
            }
        } catch (SQLException e) {
            Finding tls = TlsFinding.ofFailure(config.database(), e);
            if (tls != null) {
                findings.add(tls);
                return;
            }
            findings.add(Finding.fail("connection", config.database().describe() + ": " + e.getMessage(),
                    "check PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD, PGSSLMODE and the security group"));
        }
    }

    private static void walLevel(Connection connection, List<Finding> findings) throws SQLException {
        String level = single(connection, "SHOW wal_level");
        if ("logical".equals(level)) {
            findings.add(Finding.ok("wal_level", "logical"));
        } else {
            findings.add(Finding.fail("wal_level", level + " (logical decoding needs 'logical')",
                    "on RDS set rds.logical_replication=1 in the DB parameter group and reboot; elsewhere set "
                            + "wal_level=logical and restart"));
        }
        int slots = Integer.parseInt(single(connection, "SHOW max_replication_slots"));
        int used = Integer.parseInt(single(connection, "SELECT count(*) FROM pg_replication_slots"));
        findings.add(slots > used ? Finding.ok("max_replication_slots", used + " of " + slots + " in use")
                : Finding.warn("max_replication_slots", used + " of " + slots + " in use",
                        "raise max_replication_slots (needs a restart) or drop an unused slot"));
    }

    /** The static parameters logical replication depends on; a pending change to any of them is named first. */
    static final List<String> REPLICATION_SETTINGS = List.of("wal_level", "max_replication_slots", "max_wal_senders",
            "max_worker_processes", "max_slot_wal_keep_size", "wal_sender_timeout");

    /**
     * Settings changed in the configuration (or the RDS parameter group) that apply only after a restart
     * ({@code pg_settings.pending_restart}, PostgreSQL 9.5+): the server still runs with the old values, which is
     * easy to miss after raising {@code max_replication_slots} or setting {@code rds.logical_replication}.
     */
    private static void pendingRestart(Connection connection, List<Finding> findings) throws SQLException {
        if (Integer.parseInt(single(connection, "SHOW server_version_num")) < 90500) {
            return;
        }
        List<String> replication = new ArrayList<>();
        List<String> other = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, setting, unit FROM pg_settings"
                + " WHERE pending_restart ORDER BY name"); ResultSet row = statement.executeQuery()) {
            while (row.next()) {
                String name = row.getString(1);
                String now = name + " (now " + row.getString(2) + (row.getString(3) == null ? "" : " "
                        + row.getString(3)) + ")";
                (REPLICATION_SETTINGS.contains(name) ? replication : other).add(now);
            }
        }
        if (replication.isEmpty() && other.isEmpty()) {
            findings.add(Finding.ok("pending restart", "no changed setting waits for a restart"));
            return;
        }
        String detail = (replication.isEmpty() ? "" : "used by logical replication: " + String.join(", ",
                replication) + (other.isEmpty() ? "" : "; ")) + (other.isEmpty() ? "" : "other: "
                + String.join(", ", other));
        findings.add(Finding.warn("pending restart", "the database runs with older values of static parameters"
                + " until it is rebooted: " + detail, "reboot it in a quiet moment for them to apply: on RDS aws rds"
                + " reboot-db-instance --db-instance-identifier <id> (on Aurora the writer), elsewhere restart"
                + " PostgreSQL"));
    }

    private static void privileges(Connection connection, List<Finding> findings) throws SQLException {
        String sql = "SELECT r.rolsuper, r.rolreplication, EXISTS (SELECT 1 FROM pg_roles g WHERE g.rolname = "
                + "'rds_replication' AND pg_has_role(r.oid, g.oid, 'member')) FROM pg_roles r WHERE r.rolname = current_user";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            row.next();
            if (row.getBoolean(1) || row.getBoolean(2) || row.getBoolean(3)) {
                findings.add(Finding.ok("replication privilege", row.getBoolean(1) ? "superuser"
                        : row.getBoolean(2) ? "REPLICATION" : "member of rds_replication"));
            } else {
                findings.add(Finding.fail("replication privilege", "the user has neither REPLICATION nor rds_replication",
                        "on RDS: GRANT rds_replication TO <user>; elsewhere: ALTER ROLE <user> REPLICATION"));
            }
        }
    }

    private void slot(SlotManager manager, List<Finding> findings) throws SQLException {
        Optional<SlotState> state = manager.slotState();
        if (state.isEmpty()) {
            String lost = new SlotGuard(manager, config.slot(), config.publication(), config.slotLost()).noted();
            if (lost != null && config.slotLost() == SlotGuard.LostSlotPolicy.STOP) {
                findings.add(Finding.fail("slot " + config.slot(), "lost: " + lost + "; changes since then may be "
                        + "missing", "re-read the selected tables, then run with S2K_SLOT_LOST=recreate"));
            } else {
                findings.add(Finding.ok("slot " + config.slot(), "absent: run creates it (pgoutput)"));
            }
            return;
        }
        SlotState slot = state.get();
        if (!"pgoutput".equals(slot.plugin())) {
            findings.add(Finding.fail("slot " + config.slot(), "uses plugin " + slot.plugin(),
                    "choose another S2K_SLOT; the worker never drops a slot"));
            return;
        }
        String detail = "pgoutput, confirmed " + slot.confirmedFlush().asString() + ", lag " + slot.lagBytes()
                + " bytes" + (slot.active() ? ", in use by PID " + slot.activePid() : "");
        findings.add(slot.active() ? Finding.warn("slot " + config.slot(), detail,
                "another session reads the slot; run waits until it is released")
                : Finding.ok("slot " + config.slot(), detail));
    }

    private void tables(SlotManager manager, List<Finding> findings) throws SQLException {
        String publication = config.publication();
        boolean exists = manager.publicationExists(publication);
        List<String> publications = new ArrayList<>();
        if (exists) {
            publications.add(publication);
        }
        String insertOnly = publication + PublicationSetup.INSERT_ONLY_SUFFIX;
        if (manager.publicationExists(insertOnly)) {
            publications.add(insertOnly);
        }
        // A partitioned table counts as published when its partitions are (a publication without
        // publish_via_partition_root lists them instead of it).
        Set<TableId> published = new HashSet<>();
        for (String name : publications) {
            for (PublishedTable table : manager.publishedTables(name)) {
                published.add(table.table());
                published.add(table.root());
            }
        }
        findings.add(Finding.ok("publication " + publication, exists ? manager.publicationTables(publication).size()
                + " table(s)" : "absent: run creates it for the selected tables"));
        List<CatalogTable> catalog = Catalog.userTables(manager.connection());
        List<TableId> partitioned = catalog.stream().filter(t -> t.partitioned() && selected.test(t.id()))
                .map(CatalogTable::id).toList();
        for (String name : partitioned.isEmpty() ? List.<String>of() : publications) {
            if (!manager.publishesViaPartitionRoot(name)) {
                int version = manager.serverMajorVersion();
                findings.add(Finding.warn("publication " + name, "does not publish via the partition root; "
                        + "partitioned: " + partitioned, version >= 13 ? PublicationSetup.viaPartitionRoot(name)
                        : "upgrade to PostgreSQL 13+ for publish_via_partition_root; meanwhile the worker maps "
                        + "partitions to their partitioned table from the catalog"));
            }
        }
        newTables(manager, findings, exists, catalog);
        boolean owned = exists && NewTables.ownedByWorker(manager.publicationComment(publication));
        int count = 0;
        for (CatalogTable table : catalog) {
            boolean inPublication = published.contains(table.id());
            if (table.id().equals(config.load().signalTable())) {
                if (inPublication) {
                    findings.add(Finding.warn("table " + table.id().qualified(), "is the signal table "
                            + "(S2K_SIGNAL_TABLE) and in publication " + publication + ": the worker ignores its "
                            + "changes, PostgreSQL still decodes them", PublicationSetup.dropTable(publication,
                            table.id())));
                }
                continue;
            }
            if (!selected.test(table.id()) || (exists && !inPublication && !selectsTables())) {
                continue;
            }
            count++;
            String subject = "table " + table.id().qualified();
            if (!hasSelect(manager.connection(), table.id())) {
                findings.add(Finding.fail(subject, "no SELECT privilege",
                        "GRANT SELECT ON " + table.id().quoted() + " TO " + config.database().user()));
            } else if (exists && !inPublication) {
                findings.add(Finding.warn(subject, "selected by the mappings but not in publication " + publication
                        + (owned ? " yet: the running worker adds it and backfills its earlier rows" : ""),
                        NewTables.addTable(NewTables.targetPublication(publication, !table.canPublishUpdates(),
                                publications.contains(insertOnly)), table.id())));
            } else if (!table.canPublishUpdates()) {
                findings.add(Finding.warn(subject, "no primary key or replica identity: only INSERT and TRUNCATE "
                        + "are captured (as AWS DMS does)", "add a primary key, or ALTER TABLE "
                        + table.id().quoted() + " REPLICA IDENTITY FULL"));
            } else {
                findings.add(Finding.ok(subject, "replica identity " + table.replicaIdentity().name().toLowerCase()
                        + (table.hasPrimaryKey() ? ", primary key" : "")));
            }
        }
        count += unlogged(manager, findings, exists, published);
        if (count == 0) {
            findings.add(Finding.warn("tables", "no table is selected", !selectsTables()
                    ? "add tables to publication " + publication : "check the selection rules in "
                    + (config.tableMappings() == null ? "" : config.tableMappings())
                    + (config.tableGroups() == null ? "" : " and the group's patterns in " + config.tableGroups())));
        }
    }

    /**
     * Reports the selected unlogged tables, and the unlogged partitions of selected tables: PostgreSQL writes no WAL
     * for them, so their changes cannot be captured. Returns how many selected tables are unlogged.
     */
    private int unlogged(SlotManager manager, List<Finding> findings, boolean exists, Set<TableId> published)
            throws SQLException {
        // Without a mappings file the publication is the selection, and it cannot have an unlogged table.
        boolean publicationSelects = exists && !selectsTables();
        int count = 0;
        for (TableId table : Catalog.unloggedTables(manager.connection())) {
            if (selected.test(table) && !publicationSelects) {
                count++;
                findings.add(Finding.warn("table " + table.qualified(), "unlogged: PostgreSQL writes no WAL for it, "
                        + "and logical decoding reads the WAL, so no tool can capture its changes; it is left out of "
                        + "the publication", "ALTER TABLE " + table.quoted() + " SET LOGGED"));
            }
        }
        for (Map.Entry<TableId, TableId> partition : Catalog.unloggedPartitions(manager.connection()).entrySet()) {
            TableId root = partition.getValue();
            if (selected.test(root) && (published.contains(root) || !publicationSelects)) {
                findings.add(Finding.warn("table " + partition.getKey().qualified(), "unlogged partition of selected "
                        + "table " + root.qualified() + ": PostgreSQL writes no WAL for it, so its changes are not "
                        + "captured", "ALTER TABLE " + partition.getKey().quoted() + " SET LOGGED, then "
                        + "slot2kinesis backfill --table " + root.qualified()));
            }
        }
        return count;
    }

    /**
     * Whether selected tables created later will be captured: the worker adds them to a publication it created (it
     * needs the privileges of their owner for that), never to one someone else made.
     */
    private void newTables(SlotManager manager, List<Finding> findings, boolean exists, List<CatalogTable> catalog)
            throws SQLException {
        String publication = config.publication();
        String user = config.database().user();
        if (exists && !NewTables.ownedByWorker(manager.publicationComment(publication))) {
            if (selectsTables()) {
                findings.add(Finding.warn("new tables", "publication " + publication + " was not created by the "
                        + "worker, which never alters it: selected tables created later are not captured until "
                        + "they are added", "add each (the worker's warning names it): ALTER PUBLICATION "
                        + TableId.quote(publication) + " ADD TABLE ONLY ...; then slot2kinesis backfill --table ..."));
            }
            return;
        }
        Set<String> owners = new TreeSet<>();
        Map<TableId, String> ownedByOthers = Catalog.ownedByOthers(manager.connection());
        for (CatalogTable table : catalog) {
            if (selected.test(table.id()) && ownedByOthers.containsKey(table.id())) {
                owners.add(ownedByOthers.get(table.id()));
            }
        }
        if (owners.isEmpty()) {
            findings.add(Finding.ok("new tables", "the worker adds selected tables created later to publication "
                    + publication + " and backfills their earlier rows (primary key, PostgreSQL 14+)"));
            return;
        }
        String grants = owners.stream().map(owner -> "GRANT " + TableId.quote(owner) + " TO " + TableId.quote(user))
                .collect(Collectors.joining("; "));
        findings.add(Finding.warn("new tables", "selected tables are owned by " + owners + ", whose privileges " + user
                + " does not have: ALTER PUBLICATION needs ownership of the table, so the worker cannot add tables "
                + "those roles create later (it warns naming each)", grants + " (with INHERIT; the worker's user then "
                + "also has their write privileges), or a superuser adds each table"));
    }

    /** Whether a file (mappings or groups) selects the tables; without one the publication is the selection. */
    private boolean selectsTables() {
        return config.tableMappings() != null || config.tableGroups() != null;
    }

    private void stream(List<Finding> findings) {
        String subject = "stream " + config.kinesis().streamName();
        try {
            StreamDescription stream = StreamDescription.describe(kinesis, new StreamTarget(config.kinesis().stream()));
            String detail = stream.status() + ", " + stream.openShards() + " open shard(s), max record size "
                    + stream.maxRecordBytes() / 1024 + " KiB";
            findings.add("ACTIVE".equals(stream.status()) || "UPDATING".equals(stream.status())
                    ? Finding.ok(subject, detail) : Finding.fail(subject, detail, "wait until the stream is ACTIVE"));
        } catch (RuntimeException e) {
            findings.add(Finding.fail(subject, e.getMessage(), "check S2K_STREAM, AWS_REGION, credentials and "
                    + "kinesis:DescribeStreamSummary permission"));
        }
    }

    private static boolean hasSelect(Connection connection, TableId table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT has_table_privilege(format('%I.%I', ?::text, ?::text), 'SELECT')")) {
            statement.setString(1, table.schema());
            statement.setString(2, table.name());
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getBoolean(1);
            }
        }
    }

    private static String single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }
}
