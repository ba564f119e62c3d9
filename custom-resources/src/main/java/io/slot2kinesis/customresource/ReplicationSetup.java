package io.slot2kinesis.customresource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The SQL of the replication-user custom resource, run as the master user with autocommit. Creates
 * only what is missing and never drops on update; {@link #remove} drops only what carries this
 * resource's mark (role and publication comments) and the slots reserved for slot2kinesis.
 *
 * <p>It creates the publications as the worker does (PublicationSetup): tables that cannot log old rows (no primary
 * key, or REPLICA IDENTITY NOTHING) go into {@code <publication>_insert_only}, which publishes only inserts and
 * truncates, as publishing their updates would make the application's own UPDATE and DELETE on them fail; both publish
 * via the partition root (PostgreSQL 13+). Every table is added with {@code ONLY}: without it PostgreSQL also adds the
 * table's inheritance children, which do not inherit its primary key.
 */
public final class ReplicationSetup {

    static final String MARK = "created by slot2kinesis replication-user custom resource";
    /**
     * The line the worker's SlotGuard reads from the publication's comment (which survives a failover that
     * loses the slot) to tell a lost slot from a first start; it writes the same line for slots it creates.
     */
    static final String SLOT_NOTE = "slot2kinesis: slot %s created at LSN %s";
    /** The worker's name for the second publication (PublicationSetup.INSERT_ONLY_SUFFIX), which it streams too. */
    static final String INSERT_ONLY_SUFFIX = "_insert_only";
    private static final String FULL = "insert, update, delete, truncate";
    private static final String INSERTS = "insert, truncate";

    private final Connection connection;
    private final Consumer<String> log;

    public ReplicationSetup(Connection connection, Consumer<String> log) {
        this.connection = connection;
        this.log = log;
    }

    /**
     * Creates or updates the user, grants, slot and publication; returns the slot's confirmed LSN, or an empty string
     * when the spec names no slot (DMS mode: DMS Serverless creates and owns its slot).
     */
    public String apply(ReplicationSpec spec, String password) throws SQLException {
        String walLevel = query("SHOW wal_level");
        if (!"logical".equals(walLevel)) {
            throw new SQLException("wal_level is " + walLevel + ", not logical: attach the parameter group of the"
                    + " -parameters stack (its command: output AttachParameterGroup) and reboot, then deploy again"
                    + " (docs/deploy.md, Existing database, step 2)");
        }
        String user = ident(spec.username());
        if (exists("SELECT 1 FROM pg_roles WHERE rolname = ?", spec.username())) {
            execute("ALTER ROLE " + user + " LOGIN PASSWORD " + literal(password));
            log.accept("role " + spec.username() + " exists: password set from the secret");
        } else {
            execute("CREATE ROLE " + user + " LOGIN PASSWORD " + literal(password));
            execute("COMMENT ON ROLE " + user + " IS " + literal(MARK));
            log.accept("role " + spec.username() + " created");
        }
        if (exists("SELECT 1 FROM pg_roles WHERE rolname = ?", "rds_replication")) {
            execute("GRANT rds_replication TO " + user);
        } else {
            execute("ALTER ROLE " + user + " REPLICATION");
        }
        for (String schema : includedSchemas(spec)) {
            execute("GRANT USAGE ON SCHEMA " + ident(schema) + " TO " + user);
        }
        for (String table : selectedTables(spec)) {
            execute("GRANT SELECT ON TABLE " + table + " TO " + user);
        }
        for (ReplicationSpec.Selection s : spec.selections()) {
            if (s.includes() && s.tablePattern().equals("%")) {
                for (String schema : matching("SELECT nspname FROM pg_namespace WHERE nspname LIKE ? ORDER BY 1", s.schemaPattern())) {
                    if (!isSystemSchema(schema)) {
                        execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + ident(schema) + " GRANT SELECT ON TABLES TO " + user);
                    }
                }
            }
        }
        if (!spec.heartbeatSchema().isEmpty()) {
            ensureHeartbeatSchema(spec.heartbeatSchema(), user);
        }
        if (!spec.groups().isEmpty()) {
            // One slot and publication per table group; the answer is the first group's slot position.
            String first = null;
            for (ReplicationSpec.Group group : spec.groups()) {
                String lsn = capture(group.slot(), spec.plugin(), group.publication(), groupTables(spec, group));
                first = first == null ? lsn : first;
            }
            return first;
        }
        if (spec.slot().isEmpty()) {
            return "";
        }
        return capture(spec.slot(), spec.plugin(), spec.publication(), spec.publication().isEmpty() ? List.of()
                : selectedTables(spec));
    }

    private String capture(String slot, String plugin, String publication, List<String> tables) throws SQLException {
        String existingLsn = existingSlotLsn(slot, plugin);
        String lsn = existingLsn != null ? existingLsn : createSlot(slot, plugin);
        if (!publication.isEmpty()) {
            Set<String> keyless = new LinkedHashSet<>(keyless());
            ensurePublications(publication, publishable(publication, tables, keyless), keyless);
            if (existingLsn == null) {
                noteSlot(publication, slot, lsn);
            }
        }
        return lsn;
    }

    /**
     * The selected tables of a group: those its patterns match, or for the default group those no other group's
     * patterns match (the worker refuses a table two groups match, naming it; see the worker's TableGroups).
     */
    List<String> groupTables(ReplicationSpec spec, ReplicationSpec.Group group) throws SQLException {
        List<ReplicationSpec.Group> patternsOf = group.isDefault()
                ? spec.groups().stream().filter(g -> !g.isDefault()).toList() : List.of(group);
        Set<String> matched = new LinkedHashSet<>();
        for (ReplicationSpec.Group g : patternsOf) {
            for (ReplicationSpec.Selection s : g.tables()) {
                matched.addAll(tablesMatching("n.nspname ~ ? AND c.relname ~ ?", regex(s.schemaPattern()),
                        regex(s.tablePattern())));
            }
        }
        List<String> selected = selectedTables(spec);
        return selected.stream().filter(t -> group.isDefault() != matched.contains(t)).toList();
    }

    /**
     * Static parameters the database runs with an older value of than its parameter group asks for: a parameter group
     * change to them waits for a reboot (RDS shows {@code pending-reboot}). Reported per parameter: PostgreSQL's own
     * {@code pg_settings.pending_restart} (9.5+), and any parameter of {@code minimums} whose running value is below the
     * group's (RDS may not have applied the group yet when this runs, so pending_restart alone can miss it).
     */
    public List<String> pendingReboot(java.util.Map<String, Integer> minimums) throws SQLException {
        List<String> pending = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT name, setting FROM pg_settings WHERE name = ANY (?) ORDER BY name")) {
            st.setArray(1, connection.createArrayOf("text", minimums.keySet().toArray()));
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    Integer wanted = minimums.get(name);
                    String running = rs.getString(2);
                    boolean below = wanted != null && running.matches("\\d+") && Long.parseLong(running) < wanted;
                    if (below) {
                        pending.add(name + " (running " + running + ", parameter group " + wanted + ")");
                        named.add(name);
                    }
                }
            }
        }
        for (String name : matching("SELECT name FROM pg_settings WHERE pending_restart AND name LIKE ? ORDER BY name", "%")) {
            if (named.add(name)) {
                pending.add(name + " (changed, pending restart)");
            }
        }
        return pending;
    }

    /** Drops the marked publication, the inactive reserved slots and the marked role; reports what stays. */
    public List<String> remove(ReplicationSpec spec) throws SQLException {
        List<String> kept = new ArrayList<>();
        for (String slot : spec.ownedSlots()) {
            try (PreparedStatement st = connection.prepareStatement(
                    "SELECT active FROM pg_replication_slots WHERE slot_name = ?")) {
                st.setString(1, slot);
                try (ResultSet rs = st.executeQuery()) {
                    if (!rs.next()) {
                        continue;
                    }
                    if (rs.getBoolean(1)) {
                        kept.add("slot " + slot + " (still active)");
                        continue;
                    }
                }
            }
            query("SELECT pg_drop_replication_slot(?)", slot);
            log.accept("slot " + slot + " dropped");
        }
        List<String> names = new ArrayList<>(List.of(spec.publication()));
        spec.groups().forEach(group -> names.add(group.publication()));
        List<String> publications = new ArrayList<>();
        for (String name : names) {
            if (!name.isEmpty()) {
                publications.add(name);
                publications.add(name + INSERT_ONLY_SUFFIX);
            }
        }
        for (String name : publications) {
            String comment = query("SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = ?", name);
            if (comment != null && comment.startsWith(MARK)) {
                execute("DROP PUBLICATION " + ident(name));
                log.accept("publication " + name + " dropped");
            } else if (exists("SELECT 1 FROM pg_publication WHERE pubname = ?", name)) {
                kept.add("publication " + name + " (not created by this resource)");
            }
        }
        if (!spec.heartbeatSchema().isEmpty()
                && marked("SELECT obj_description(oid, 'pg_namespace') FROM pg_namespace WHERE nspname = ?", spec.heartbeatSchema())) {
            execute("DROP SCHEMA " + ident(spec.heartbeatSchema()) + " CASCADE");
            log.accept("schema " + spec.heartbeatSchema() + " dropped");
        }
        if (marked("SELECT shobj_description(oid, 'pg_authid') FROM pg_roles WHERE rolname = ?", spec.username())) {
            String user = ident(spec.username());
            for (String schema : includedSchemas(spec)) {
                execute("ALTER DEFAULT PRIVILEGES IN SCHEMA " + ident(schema) + " REVOKE SELECT ON TABLES FROM " + user);
                execute("REVOKE ALL ON ALL TABLES IN SCHEMA " + ident(schema) + " FROM " + user);
                execute("REVOKE USAGE ON SCHEMA " + ident(schema) + " FROM " + user);
            }
            try {
                // privileges anywhere else in this database (the heartbeat schema) and what DMS created as the user
                execute("DROP OWNED BY " + user);
                execute("DROP ROLE " + user);
                log.accept("role " + spec.username() + " dropped");
            } catch (SQLException e) {
                kept.add("role " + spec.username() + " (" + e.getMessage() + ")");
            }
        } else if (exists("SELECT 1 FROM pg_roles WHERE rolname = ?", spec.username())) {
            kept.add("role " + spec.username() + " (not created by this resource)");
        }
        return kept;
    }

    /**
     * DMS's WAL heartbeat (HeartbeatEnable) creates its objects in HeartbeatSchema: a schema of its own, owned by the
     * master user, where the replication user may create (and nowhere else).
     */
    private void ensureHeartbeatSchema(String schema, String user) throws SQLException {
        if (!exists("SELECT 1 FROM pg_namespace WHERE nspname = ?", schema)) {
            execute("CREATE SCHEMA " + ident(schema));
            execute("COMMENT ON SCHEMA " + ident(schema) + " IS " + literal(MARK));
            log.accept("schema " + schema + " created for the DMS heartbeat");
        }
        execute("GRANT USAGE, CREATE ON SCHEMA " + ident(schema) + " TO " + user);
    }

    /** The confirmed LSN of the slot if it exists (with the expected plugin), else null. */
    private String existingSlotLsn(String slot, String plugin) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT plugin, coalesce(confirmed_flush_lsn, restart_lsn)::text FROM pg_replication_slots WHERE slot_name = ?")) {
            st.setString(1, slot);
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                if (!plugin.equals(rs.getString(1))) {
                    throw new SQLException("slot " + slot + " exists with plugin " + rs.getString(1)
                            + ", expected " + plugin + ": it is left alone; drop or rename it by hand");
                }
                log.accept("slot " + slot + " exists at " + rs.getString(2));
                return rs.getString(2);
            }
        }
    }

    /**
     * Creates the slot; on PostgreSQL 17 and later as a failover slot (like the worker does), so that a
     * standby that synchronizes slots can take over with it.
     */
    private String createSlot(String slot, String plugin) throws SQLException {
        boolean failover = Integer.parseInt(query("SHOW server_version_num")) >= 170000;
        String lsn = query(failover
                ? "SELECT lsn::text FROM pg_create_logical_replication_slot(?, ?, false, false, true)"
                : "SELECT lsn::text FROM pg_create_logical_replication_slot(?, ?)", slot, plugin);
        log.accept("slot " + slot + " created (" + plugin + (failover ? ", failover" : "") + ") at " + lsn);
        return lsn;
    }

    /** Appends the slot's creation to the publication's comment, where the worker looks after a failover. */
    private void noteSlot(String publication, String slot, String lsn) throws SQLException {
        String comment = query("SELECT obj_description(oid, 'pg_publication') FROM pg_publication WHERE pubname = ?", publication);
        String line = String.format(SLOT_NOTE, slot, lsn);
        execute("COMMENT ON PUBLICATION " + ident(publication) + " IS " + literal(comment == null ? line : comment + "\n" + line));
        log.accept("publication " + publication + ": noted " + line);
    }

    /**
     * Creates {@code name} for the tables that can publish updates and {@code name_insert_only} for the others (always,
     * even empty, as the worker does, so that it streams both); on a redeploy adds the tables that are in neither to the
     * right one, and leaves the tables already published where they are. {@code keyless}: {@link #keyless()}.
     */
    private void ensurePublications(String name, List<String> tables, Set<String> keyless) throws SQLException {
        Set<String> published = new LinkedHashSet<>(members(name));
        published.addAll(members(name + INSERT_ONLY_SUFFIX));
        List<String> missing = tables.stream().filter(table -> !published.contains(table)).toList();
        List<String> inserts = missing.stream().filter(keyless::contains).toList();
        ensurePublication(name, FULL, missing.stream().filter(table -> !keyless.contains(table)).toList());
        ensurePublication(name + INSERT_ONLY_SUFFIX, INSERTS, inserts);
        for (String table : members(name)) {
            if (keyless.contains(table)) {
                log.accept("table " + table + " has no primary key or replica identity and is in publication " + name
                        + ", which publishes updates, so the application's UPDATE and DELETE on it fail; it is left"
                        + " there (a redeploy never moves a published table): move it with ALTER PUBLICATION "
                        + ident(name) + " DROP TABLE " + table + "; ALTER PUBLICATION " + ident(name + INSERT_ONLY_SUFFIX)
                        + " ADD TABLE ONLY " + table + ", or give it a primary key");
            }
        }
        if (!inserts.isEmpty()) {
            log.accept("table(s) " + String.join(", ", inserts) + " have no primary key or replica identity: only their"
                    + " INSERTs and TRUNCATEs are published (publication " + name + INSERT_ONLY_SUFFIX + "), as AWS DMS"
                    + " does, so the application's UPDATE and DELETE keep working; add a primary key or set REPLICA"
                    + " IDENTITY FULL to capture updates and deletes");
        }
    }

    /** Creates the publication with the tables, or adds them to it; each table with ONLY (no inheritance children). */
    private void ensurePublication(String name, String publish, List<String> tables) throws SQLException {
        String publication = ident(name);
        if (!exists("SELECT 1 FROM pg_publication WHERE pubname = ?", name)) {
            boolean viaRoot = Integer.parseInt(query("SHOW server_version_num")) >= 130000;
            execute("CREATE PUBLICATION " + publication
                    + (tables.isEmpty() ? "" : " FOR TABLE " + String.join(", ", tables.stream().map(t -> "ONLY " + t).toList()))
                    + " WITH (publish = " + literal(publish) + (viaRoot ? ", publish_via_partition_root = true" : "") + ")");
            execute("COMMENT ON PUBLICATION " + publication + " IS " + literal(MARK));
            log.accept("publication " + name + " created (" + publish + ") with " + tables.size() + " tables");
            return;
        }
        for (String table : tables) {
            execute("ALTER PUBLICATION " + publication + " ADD TABLE ONLY " + table);
            log.accept("publication " + name + ": added " + table);
        }
    }

    /**
     * The tables the publication lists itself (pg_publication_rel): a partitioned table even when the publication
     * reports its partitions, and the inheritance children a publication made without ONLY got.
     */
    private List<String> members(String publication) throws SQLException {
        return matching("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_publication_rel r"
                + " JOIN pg_publication p ON p.oid = r.prpubid JOIN pg_class c ON c.oid = r.prrelid"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE p.pubname = ?", publication);
    }

    /**
     * Tables that cannot log old rows, as the worker's CatalogTable.canPublishUpdates decides: REPLICA IDENTITY NOTHING,
     * or DEFAULT without a primary key.
     */
    private List<String> keyless() throws SQLException {
        return matching("SELECT format('%I.%I', n.nspname, c.relname) FROM pg_class c"
                + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') AND (c.relreplident = 'n'"
                + " OR (c.relreplident = ? AND NOT EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid"
                + " AND i.indisprimary)))", "d");
    }

    /**
     * The tables without the unlogged ones, each named in the log: an unlogged table writes no WAL, which logical
     * decoding reads, so PostgreSQL refuses to add it to a publication (CREATE PUBLICATION would fail on it). The
     * replication user keeps SELECT on it, for when it is set LOGGED. {@code keyless} names its publication.
     */
    private List<String> publishable(String publication, List<String> tables, Set<String> keyless)
            throws SQLException {
        Set<String> unlogged = new LinkedHashSet<>(matching("SELECT format('%I.%I', n.nspname, c.relname)"
                + " FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE c.relkind IN ('r', 'p') AND c.relpersistence = ?", "u"));
        List<String> publishable = new ArrayList<>();
        for (String table : tables) {
            if (unlogged.contains(table)) {
                String target = keyless.contains(table) ? publication + INSERT_ONLY_SUFFIX : publication;
                log.accept("table " + table + " is unlogged: left out of publication " + target + " (PostgreSQL"
                        + " writes no WAL for it, and logical decoding reads the WAL, so no tool can capture it); to"
                        + " capture it: ALTER TABLE " + table + " SET LOGGED, then ALTER PUBLICATION "
                        + ident(target) + " ADD TABLE ONLY " + table);
            } else {
                publishable.add(table);
            }
        }
        return publishable;
    }

    /** Ordinary and partitioned tables matched by an include rule and by no exclude rule, as quoted names. */
    List<String> selectedTables(ReplicationSpec spec) throws SQLException {
        Set<String> included = new LinkedHashSet<>();
        Set<String> excluded = new LinkedHashSet<>();
        for (ReplicationSpec.Selection s : spec.selections()) {
            (s.includes() ? included : excluded).addAll(tablesLike(s.schemaPattern(), s.tablePattern()));
        }
        included.removeAll(excluded);
        return List.copyOf(included);
    }

    private List<String> tablesLike(String schemaPattern, String tablePattern) throws SQLException {
        return tablesMatching("n.nspname LIKE ? AND c.relname LIKE ?", schemaPattern, tablePattern);
    }

    /**
     * A DMS name pattern as an anchored PostgreSQL regular expression, matching as the worker's NamePattern does:
     * {@code %} any run, {@code _} one character, {@code [_]} a literal underscore, {@code [ab]} and {@code [a-d]} a
     * set or range. Group membership must agree with the worker's exactly, or a table would be published to one
     * group's publication and selected by another group's worker.
     */
    static String regex(String pattern) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int close = c == '[' ? pattern.indexOf(']', i + 1) : -1;
            if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else if (close > i + 1) {
                regex.append('[').append(pattern, i + 1, close).append(']');
                i = close;
            } else if (Character.isLetterOrDigit(c)) {
                regex.append(c);
            } else {
                regex.append('\\').append(c);
            }
        }
        return regex.append('$').toString();
    }

    private List<String> tablesMatching(String condition, String schemaPattern, String tablePattern)
            throws SQLException {
        List<String> tables = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(
                "SELECT format('%I.%I', n.nspname, c.relname), n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND " + condition + " ORDER BY 1")) {
            st.setString(1, schemaPattern);
            st.setString(2, tablePattern);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    if (!isSystemSchema(rs.getString(2))) {
                        tables.add(rs.getString(1));
                    }
                }
            }
        }
        return tables;
    }

    private List<String> includedSchemas(ReplicationSpec spec) throws SQLException {
        Set<String> schemas = new LinkedHashSet<>();
        for (ReplicationSpec.Selection s : spec.selections()) {
            if (s.includes()) {
                for (String schema : matching("SELECT nspname FROM pg_namespace WHERE nspname LIKE ? ORDER BY 1", s.schemaPattern())) {
                    if (!isSystemSchema(schema)) {
                        schemas.add(schema);
                    }
                }
            }
        }
        return List.copyOf(schemas);
    }

    private static boolean isSystemSchema(String schema) {
        return schema.startsWith("pg_") || schema.equals("information_schema");
    }

    private boolean marked(String sql, String name) throws SQLException {
        return MARK.equals(query(sql, name));
    }

    private boolean exists(String sql, String value) throws SQLException {
        return !matching(sql, value).isEmpty();
    }

    private List<String> matching(String sql, String value) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.setString(1, value);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(1));
                }
            }
        }
        return rows;
    }

    private String query(String sql, String... values) throws SQLException {
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                st.setString(i + 1, values[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute(sql);
        }
    }

    static String ident(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }
}
