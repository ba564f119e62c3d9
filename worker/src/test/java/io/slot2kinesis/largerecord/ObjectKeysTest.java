package io.slot2kinesis.largerecord;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void namesTheSameRecordAlikeAndTwoTableGroupsPartsOfOneTransactionApart() {
        String once = ObjectKeys.forRecord("large-records/", "orders", "s2k_a", 0x16B3748L, 3);

        assertThat(ObjectKeys.forRecord("large-records/", "orders", "s2k_a", 0x16B3748L, 3))
                .as("a put repeated after a crash overwrites the same object").isEqualTo(once);
        // Each group's worker numbers its part of a transaction from 1: same commit LSN, same position, another slot.
        assertThat(ObjectKeys.forRecord("large-records/", "orders", "s2k_b", 0x16B3748L, 3)).isNotEqualTo(once);
        assertThat(once).isEqualTo("large-records/orders/s2k_a/00000000016B3748/3.json");
    }
}
