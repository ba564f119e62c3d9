package io.slot2kinesis.load;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Transaction;
import io.slot2kinesis.pgoutput.PgOutputMessage;
import java.util.List;

/** What the stream's reader tells backfill: every change and logical message, in stream order. */
public interface StreamTap {
    /** A decoded change of any table, before it is published. */
    void change(ChangeEvent change);

    /** A logical message inside {@code transaction}; returns the load records to publish at this point. */
    List<ChangeEvent> message(PgOutputMessage.LogicalMessage message, Transaction transaction);
}
