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
 * Lines of other slots and other text are kept as they are; a line of this slot that says anything else is refused.
 */
final class LoadNotes {
    private static final String PENDING = "pending";
    private static final String LOADED = "loaded ";
    private static final String DONE = "done";

    /** Where the notes live: the publication's comment. */
    interface Comment {
        /** The comment; null when there is none. */
        String read() throws SQLException;

        void write(String comment) throws SQLException;
    }

    private final Comment comment;
    private final String publication;
    private final String prefix;

    /** What the comment says about this slot's initial load. */
    record State(boolean pending, Set<String> loadedTables) {}

    LoadNotes(SlotManager manager, String publication, String slot) {
        this(new Comment() {
            @Override
            public String read() throws SQLException {
                return manager.publicationComment(publication);
            }

            @Override
            public void write(String text) throws SQLException {
                manager.commentOnPublication(publication, text);
            }
        }, publication, slot);
    }

    LoadNotes(Comment comment, String publication, String slot) {
        this.comment = comment;
        this.publication = publication;
        this.prefix = "slot2kinesis: initial load of slot " + slot + " ";
    }

    State read() throws SQLException {
        boolean pending = false;
        Set<String> loaded = new LinkedHashSet<>();
        for (String line : lines()) {
            if (!line.startsWith(prefix)) {
                continue;
            }
            String note = line.substring(prefix.length());
            if (note.equals(PENDING)) {
                pending = true;
            } else if (note.equals(DONE)) {
                pending = false;
            } else if (note.startsWith(LOADED) && isTableName(note.substring(LOADED.length()))) {
                loaded.add(note.substring(LOADED.length()));
            } else {
                throw new LoadException("the comment of publication '" + publication + "' has a line about this "
                        + "slot's initial load that the worker cannot read: '" + line + "'; after '" + prefix.strip()
                        + "' it expects '" + PENDING + "', '" + LOADED + "schema.table' or '" + DONE + "'. Correct or "
                        + "remove that line (COMMENT ON PUBLICATION) and start again; without it the worker cannot "
                        + "tell which tables its initial load finished");
            }
        }
        return new State(pending, loaded);
    }

    void pending() throws SQLException {
        write(withoutOurs(), prefix + PENDING);
    }

    void loaded(String table) throws SQLException {
        write(lines(), prefix + LOADED + table);
    }

    void done() throws SQLException {
        write(withoutOurs(), prefix + DONE);
    }

    private static boolean isTableName(String text) {
        try {
            LoadConfig.parseTable(text);
            return !text.isBlank() && text.equals(text.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
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
        String text = comment.read();
        return text == null || text.isEmpty() ? new ArrayList<>() : new ArrayList<>(List.of(text.split("\n")));
    }

    private void write(List<String> lines, String line) throws SQLException {
        lines.add(line);
        comment.write(String.join("\n", lines));
    }
}
