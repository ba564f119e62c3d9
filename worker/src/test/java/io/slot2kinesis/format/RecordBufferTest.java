package io.slot2kinesis.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RecordBufferTest {
    private final RecordBuffer buffer = new RecordBuffer();

    private String write(int value) throws Exception {
        JsonGenerator out = buffer.open();
        out.writeStartObject();
        out.writeNumberField("n", value);
        out.writeEndObject();
        return new String(buffer.close(out), StandardCharsets.UTF_8);
    }

    @Test
    void givesEachRecordOnlyItsOwnBytesWithNoSeparator() throws Exception {
        assertThat(write(1)).isEqualTo("{\"n\":1}");
        assertThat(write(2)).isEqualTo("{\"n\":2}");
    }

    @Test
    void startsCleanAfterARecordThatFailedHalfWay() throws Exception {
        JsonGenerator failed = buffer.open();
        failed.writeStartObject();
        failed.writeFieldName("half");
        // No close: the encoder threw here.
        assertThat(write(3)).isEqualTo("{\"n\":3}");
    }
}
