package io.slot2kinesis.format;

import static io.slot2kinesis.format.Fixtures.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.change.ChangeEvent;
import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.mapping.PartitionKeyPolicies;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A coarse guard on encoding speed: the target is over 200k small records/s on one core; the assertion
 * leaves room for slow, shared CI machines and only catches an order-of-magnitude regression.
 */
class EncoderThroughputTest {
    private static final TableSchema TABLE = Fixtures.table("orders", ReplicaIdentity.DEFAULT,
            new Column("id", 20, "int8", -1, true),
            new Column("status", 25, "text", -1, false),
            new Column("total", 1700, "numeric", -1, false),
            new Column("paid", 16, "bool", -1, false),
            new Column("created_at", 1184, "timestamptz", -1, false),
            new Column("note", 25, "text", -1, false));

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void encodesSmallRecordsAtWellOverTheTargetRate() {
        assertThat(recordsPerSecond(new DmsFormat(CLOCK, PartitionKeyPolicies.defaults()))).isGreaterThan(50_000);
        assertThat(recordsPerSecond(new DebeziumFormat(CLOCK, PartitionKeyPolicies.defaults(), "shop", "app")))
                .isGreaterThan(50_000);
    }

    private static double recordsPerSecond(RecordFormat format) {
        ChangeEvent[] changes = new ChangeEvent[1024];
        for (int i = 0; i < changes.length; i++) {
            changes[i] = Fixtures.change(Operation.INSERT, TABLE, null, Row.of(Integer.toString(100_000 + i), "paid",
                    "19.90", "t", "2026-11-23 10:00:00.123456+00", null));
        }
        long bytes = 0;
        for (int i = 0; i < 200_000; i++) {
            bytes += format.encode(changes[i & 1023]).data().length;
        }
        int count = 500_000;
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            bytes += format.encode(changes[i & 1023]).data().length;
        }
        double rate = count / ((System.nanoTime() - start) / 1e9);
        System.out.printf("%s: %.0f records/s (%d bytes)%n", format.getClass().getSimpleName(), rate, bytes);
        return rate;
    }
}
