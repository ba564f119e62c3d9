package io.slot2kinesis.load;

import io.slot2kinesis.replication.SlotManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The initial load's durable state, kept in the publication's comment next to SlotGuard's note of the slot (the
 * worker needs no other object of its own for it). Lines: {@code ... pending} is written before the slot is
 * created, {@code ... loaded schema.table} once every row of that table was accepted by Kinesis, and {@code ...
 * done} (replacing the others) once the whole load was, or once the unfinished tables were handed to backfill.
 */
final class LoadNotes {
    private final SlotManager manager;
    private final String publication;
    private final String prefix;

    /** What the comment says about this slot's initial load. */
    record State(boolean pending, Set<String> loadedTables) {}

    LoadNotes(SlotManager manager, String publication, String slot) {
        this.manager = manager;
        this.publication = publication;
        this.prefix = "slot2kinesis: initial load of slot " + slot + " ";
    }

    State read() throws SQLException {
        boolean pending = false;
        Set<String> loaded = new LinkedHashSet<>();
        for (String line : lines()) {
            if (line.equals(prefix + "pending")) {
                pending = true;
            } else if (line.startsWith(prefix + "loaded ")) {
                loaded.add(line.substring((prefix + "loaded ").length()));
            } else if (line.equals(prefix + "done")) {
                pending = false;
            }
        }
        return new State(pending, loaded);
    }

    void pending() throws SQLException {
        write(withoutOurs(), prefix + "pending");
    }

    void loaded(String table) throws SQLException {
        write(lines(), prefix + "loaded " + table);
    }

    void done() throws SQLException {
        write(withoutOurs(), prefix + "done");
    }

    private List<String> withoutOurs() throws SQLException {
        List<String> rest = new ArrayList<>();
        for (String line : lines()) {
            if (!line.startsWith(prefix)) {
                rest.add(line);
            }
        }
        return rest;
    }

    private List<String> lines() throws SQLException {
        String comment = manager.publicationComment(publication);
        return comment == null || comment.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(comment.split("\n")));
    }

    private void write(List<String> lines, String line) throws SQLException {
        lines.add(line);
        manager.commentOnPublication(publication, String.join("\n", lines));
    }
}
