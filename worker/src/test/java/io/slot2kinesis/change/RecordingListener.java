package io.slot2kinesis.change;

import io.slot2kinesis.pgoutput.PgOutputMessage.LogicalMessage;
import java.util.ArrayList;
import java.util.List;
import org.postgresql.replication.LogSequenceNumber;

/** Records every listener call, in order, as readable lines plus the objects passed. */
final class RecordingListener implements ChangeListener {
    final List<String> calls = new ArrayList<>();
    final List<ChangeEvent> changes = new ArrayList<>();
    final List<TableSchema[]> relationChanges = new ArrayList<>();
    final List<LogicalMessage> messages = new ArrayList<>();

    @Override
    public void begin(Transaction transaction) {
        calls.add("begin " + transaction.xid());
    }

    @Override
    public void change(ChangeEvent event) {
        calls.add(event.operation() + " " + event.table().id() + " #" + event.position());
        changes.add(event);
    }

    @Override
    public void commit(Transaction transaction, LogSequenceNumber endLsn) {
        calls.add("commit " + transaction.xid() + " up to " + endLsn.asString());
    }

    @Override
    public void relationChanged(TableSchema previous, TableSchema current, long nextPosition) {
        calls.add("relation " + current.id() + " before #" + nextPosition);
        relationChanges.add(new TableSchema[] {previous, current});
    }

    @Override
    public void message(LogicalMessage message) {
        calls.add("message " + message.prefix());
        messages.add(message);
    }
}
