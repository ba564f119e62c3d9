package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LoadNotesTest {
    private static final String SLOT_NOTE = "slot2kinesis: slot orders_slot created at LSN 0/16B3748";

    /** A publication comment held in memory. */
    private static final class Comment implements LoadNotes.Comment {
        String text;

        Comment(String text) {
            this.text = text;
        }

        @Override
        public String read() {
            return text;
        }

        @Override
        public void write(String comment) {
            text = comment;
        }
    }

    private static LoadNotes notes(Comment comment) {
        return new LoadNotes(comment, "orders_pub", "orders_slot");
    }

    @Test
    void noCommentMeansNoLoadIsPending() throws Exception {
        LoadNotes.State state = notes(new Comment(null)).read();

        assertThat(state.pending()).isFalse();
        assertThat(state.loadedTables()).isEmpty();
    }

    @Test
    void pendingThenLoadedTablesAreWrittenAsLinesAfterOtherNotesAndReadBack() throws Exception {
        Comment comment = new Comment(SLOT_NOTE);
        LoadNotes notes = notes(comment);

        notes.pending();
        notes.loaded("public.customers");
        notes.loaded("sales.orders");

        assertThat(comment.text).isEqualTo(SLOT_NOTE + "\n"
                + "slot2kinesis: initial load of slot orders_slot pending\n"
                + "slot2kinesis: initial load of slot orders_slot loaded public.customers\n"
                + "slot2kinesis: initial load of slot orders_slot loaded sales.orders");
        LoadNotes.State state = notes.read();
        assertThat(state.pending()).isTrue();
        assertThat(state.loadedTables()).containsExactly("public.customers", "sales.orders");
    }

    @Test
    void doneReplacesThisSlotsLinesAndKeepsEveryOtherLine() throws Exception {
        Comment comment = new Comment(SLOT_NOTE + "\n"
                + "slot2kinesis: initial load of slot other_slot pending\n"
                + "slot2kinesis: initial load of slot orders_slot pending\n"
                + "slot2kinesis: initial load of slot orders_slot loaded public.customers");

        notes(comment).done();

        assertThat(comment.text).isEqualTo(SLOT_NOTE + "\n"
                + "slot2kinesis: initial load of slot other_slot pending\n"
                + "slot2kinesis: initial load of slot orders_slot done");
        assertThat(notes(comment).read().pending()).isFalse();
    }

    @Test
    void linesOfASlotWhoseNameStartsWithThisSlotsNameAreNotThisSlots() throws Exception {
        Comment comment = new Comment("slot2kinesis: initial load of slot orders_slot_2 pending\n"
                + "slot2kinesis: initial load of slot orders_slot_2 something new");

        LoadNotes.State state = notes(comment).read();

        assertThat(state.pending()).isFalse();
        assertThat(state.loadedTables()).isEmpty();
    }

    @Test
    void anUnreadableLineOfThisSlotIsRefusedNamingTheLineAndWhatIsExpected() {
        Comment comment = new Comment(SLOT_NOTE + "\n"
                + "slot2kinesis: initial load of slot orders_slot pending\n"
                + "slot2kinesis: initial load of slot orders_slot half-done");

        assertThatThrownBy(() -> notes(comment).read())
                .isInstanceOf(LoadException.class)
                .hasMessageContaining("the comment of publication 'orders_pub' has a line about this slot's initial "
                        + "load that the worker cannot read: 'slot2kinesis: initial load of slot orders_slot half-done'")
                .hasMessageContaining("it expects 'pending', 'loaded schema.table' or 'done'")
                .hasMessageContaining("COMMENT ON PUBLICATION");
    }

    @Test
    void aLoadedLineWithoutATableNameIsRefused() {
        Comment comment = new Comment("slot2kinesis: initial load of slot orders_slot loaded ");

        assertThatThrownBy(() -> notes(comment).read()).isInstanceOf(LoadException.class)
                .hasMessageContaining("'slot2kinesis: initial load of slot orders_slot loaded '");
    }
}
