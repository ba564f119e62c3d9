package io.slot2kinesis.replication;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SlotGuardTest {

    @Test
    void namesTheLatestCreationOfASlotThatWasRecreated() {
        String comment = "slot2kinesis: slot orders created at LSN 0/16B3748\n"
                + "slot2kinesis: slot other created at LSN 0/2000000\n"
                + "slot2kinesis: slot orders created at LSN 1/A0000028";

        assertThat(SlotGuard.lastNotedCreation(comment, "orders")).isEqualTo("1/A0000028");
        assertThat(SlotGuard.lastNotedCreation(comment, "other")).isEqualTo("0/2000000");
    }

    @Test
    void findsNoCreationForAnotherSlotOrNoComment() {
        assertThat(SlotGuard.lastNotedCreation("slot2kinesis: slot orders_2 created at LSN 0/1", "orders")).isNull();
        assertThat(SlotGuard.lastNotedCreation("a comment of the publication's owner", "orders")).isNull();
        assertThat(SlotGuard.lastNotedCreation(null, "orders")).isNull();
    }
}
