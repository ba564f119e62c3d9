package io.slot2kinesis.customresource;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplicationUserHandlerTest {

    @Test
    void readsTheSpecFromTheCustomResourceProperties() throws Exception {
        String props = """
                {"Username":"slot2kinesis","Slot":"slot2kinesis_worker","SlotPlugin":"pgoutput","Publication":"slot2kinesis",
                 "Selections":"[{\\"action\\":\\"include\\",\\"schemaPattern\\":\\"public\\",\\"tablePattern\\":\\"%\\"}]",
                 "OwnedSlots":["slot2kinesis_dms","slot2kinesis_worker"],"DropOnDelete":"true"}""";
        ReplicationSpec spec = ReplicationUserHandler.spec(new ObjectMapper().readTree(props));
        assertThat(spec).isEqualTo(new ReplicationSpec("slot2kinesis", "slot2kinesis_worker", "pgoutput", "slot2kinesis",
                List.of(new ReplicationSpec.Selection("include", "public", "%")),
                List.of("slot2kinesis_dms", "slot2kinesis_worker")));
    }

    @Test
    void quotesIdentifiersAndLiterals() {
        assertThat(ReplicationSetup.ident("we\"ird")).isEqualTo("\"we\"\"ird\"");
        assertThat(ReplicationSetup.literal("it's")).isEqualTo("'it''s'");
    }
}
