package io.slot2kinesis.largerecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slot2kinesis.config.RecordFormatName;
import io.slot2kinesis.format.EncodedRecord;
import io.slot2kinesis.kinesis.Backoff;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LargeRecordOffloadTest {
    private static final byte[] RECORD = ("{\"data\":{\"id\":7,\"body\":\"" + "x".repeat(2000) + "\"},\"metadata\":"
            + "{\"operation\":\"insert\",\"commit-lsn\":\"0/16B3748\",\"transaction-record-id\":3}}")
            .getBytes(StandardCharsets.UTF_8);

    /** Fails the first {@code failures} puts, then keeps what it is given. */
    private static final class FlakyStore implements LargeRecordStore {
        final List<String> keys = new ArrayList<>();
        int failures;
        byte[] stored;

        FlakyStore(int failures) {
            this.failures = failures;
        }

        @Override
        public String bucket() {
            return "records";
        }

        @Override
        public void put(String key, byte[] body, byte[] sha256) {
            keys.add(key);
            assertThat(sha256).isEqualTo(LargeRecordOffload.sha256(body));
            if (failures-- > 0) {
                throw new IllegalStateException("Service Unavailable");
            }
            stored = body.clone();
        }

        @Override
        public void close() {}
    }

    private static LargeRecordOffload offload(LargeRecordStore store) {
        return new LargeRecordOffload(store, "large-records/", "orders", "s2k_slot", new PointerRecords(RecordFormatName.DMS),
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(2)));
    }

    @Test
    void retriesUnderTheSameKeyUntilStoredThenPointsAtTheObject() throws Exception {
        FlakyStore store = new FlakyStore(3);
        AtomicInteger keptAlive = new AtomicInteger();

        EncodedRecord pointer = offload(store).offload(new EncodedRecord("public.docs.7", RECORD), 0x16B3748L, 3,
                "public.docs key public.docs.7 at commit LSN 0/16B3748 #3", keptAlive::incrementAndGet);

        assertThat(store.keys).hasSize(4).containsOnly("large-records/orders/s2k_slot/00000000016B3748/3.json");
        assertThat(store.stored).isEqualTo(RECORD);
        assertThat(keptAlive).hasPositiveValue();
        assertThat(pointer.partitionKey()).isEqualTo("public.docs.7");
        JsonNode record = new ObjectMapper().readTree(pointer.data());
        assertThat(record.has("data")).isFalse();
        assertThat(record.path("metadata").path("transaction-record-id").asInt()).isEqualTo(3);
        JsonNode large = record.path("metadata").path("large-record");
        assertThat(large.path("bucket").asText()).isEqualTo("records");
        assertThat(large.path("key").asText()).isEqualTo("large-records/orders/s2k_slot/00000000016B3748/3.json");
        assertThat(large.path("size").asLong()).isEqualTo(RECORD.length);
        assertThat(large.path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(LargeRecordOffload.sha256(RECORD)));
    }

    @Test
    void aStopWhileWaitingToRetryEndsTheAttemptsWithoutAPointer() {
        FlakyStore store = new FlakyStore(Integer.MAX_VALUE);
        RuntimeException stop = new IllegalStateException("stop requested");

        assertThatThrownBy(() -> offload(store).offload(new EncodedRecord("public.docs.7", RECORD), 0x16B3748L, 3,
                "public.docs", () -> {
                    throw stop;
                })).isSameAs(stop);
        assertThat(store.keys).hasSize(1);
    }

    @Test
    void theDebeziumPointerKeepsTheEnvelopeWithoutRowValues() throws Exception {
        byte[] event = ("{\"before\":null,\"after\":{\"id\":7,\"body\":\"" + "x".repeat(2000) + "\"},\"source\":"
                + "{\"commit_lsn\":23803720,\"position\":3},\"op\":\"c\",\"ts_ms\":1}").getBytes(StandardCharsets.UTF_8);
        byte[] pointer = new PointerRecords(RecordFormatName.DEBEZIUM).pointerRecord(event,
                new LargeRecordPointer("records", "k", event.length, "ab"));

        assertThat(new String(pointer, StandardCharsets.UTF_8)).isEqualTo("{\"before\":null,\"after\":null,\"source\":"
                + "{\"commit_lsn\":23803720,\"position\":3},\"op\":\"c\",\"ts_ms\":1,\"large_record\":{\"bucket\":"
                + "\"records\",\"key\":\"k\",\"size\":" + event.length + ",\"sha256\":\"ab\"}}");
    }
}
