package io.slot2kinesis.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a copy of a cleanly stopped primary's data directory into a physical standby's: what a base backup would
 * leave out is left out (the primary's slots, its pid and lock files), and {@code standby.signal} plus the
 * connection settings {@code pg_basebackup -R} would write are added. The embedded binaries have no
 * {@code pg_basebackup}, hence the cold copy.
 */
final class StandbyCopy {
    /** Left out of the copy: the primary's own slots must not exist on the standby (a synced slot of the same name
     * would be refused), and the rest belongs to the running primary. */
    private static final Set<String> SKIPPED = Set.of("pg_replslot", "postmaster.pid", "postmaster.opts", "epg-lock",
            "pg_stat_tmp");
    /** Primary-only settings an earlier ALTER SYSTEM may have left; on a promoted standby they would hold commits or
     * logical decoding back waiting for a standby that is not there. */
    private static final List<String> PRIMARY_ONLY = List.of("synchronous_standby_names",
            "synchronized_standby_slots");

    private StandbyCopy() {}

    static void copy(Path primaryData, Path standbyData) throws IOException {
        try (var paths = Files.walk(primaryData)) {
            for (Path source : paths.toList()) {
                Path relative = primaryData.relativize(source);
                if (relative.getNameCount() > 0 && SKIPPED.contains(relative.getName(0).toString())) {
                    if (relative.getNameCount() == 1 && Files.isDirectory(source)) {
                        Files.createDirectories(standbyData.resolve(relative.toString()));
                    }
                    continue;
                }
                Path target = standbyData.resolve(relative.toString());
                try {
                    if (Files.isDirectory(source)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING,
                                StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (NoSuchFileException gone) {
                    // a temporary file the server removed while stopping
                }
            }
        }
    }

    /**
     * Makes the copy start as a standby streaming from {@code primaryPort} through the physical slot {@code name}.
     * With {@code syncSlots} (PostgreSQL 17+) it also synchronizes the primary's failover slots, which needs
     * {@code hot_standby_feedback} and a {@code dbname} in the connection string.
     */
    static void configure(Path standbyData, String name, int primaryPort, boolean syncSlots) throws IOException {
        Files.writeString(standbyData.resolve("standby.signal"), "");
        Path autoConf = standbyData.resolve("postgresql.auto.conf");
        List<String> lines = new ArrayList<>();
        if (Files.exists(autoConf)) {
            for (String line : Files.readAllLines(autoConf, StandardCharsets.UTF_8)) {
                if (PRIMARY_ONLY.stream().noneMatch(line.trim()::startsWith)) {
                    lines.add(line);
                }
            }
        }
        lines.add("primary_conninfo = 'host=localhost port=" + primaryPort + " user=" + LocalPostgres.USER
                + " dbname=" + LocalPostgres.DATABASE + " application_name=" + name + "'");
        lines.add("primary_slot_name = '" + name + "'");
        lines.add("hot_standby_feedback = on");
        if (syncSlots) {
            lines.add("sync_replication_slots = on");
        }
        Files.write(autoConf, lines, StandardCharsets.UTF_8);
    }
}
