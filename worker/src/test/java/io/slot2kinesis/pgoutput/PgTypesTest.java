package io.slot2kinesis.pgoutput;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PgTypesTest {
    @Test
    void namesBuiltInTypes() {
        assertThat(PgTypes.name(16)).isEqualTo("bool");
        assertThat(PgTypes.name(23)).isEqualTo("int4");
        assertThat(PgTypes.name(1043)).isEqualTo("varchar");
        assertThat(PgTypes.name(1184)).isEqualTo("timestamptz");
        assertThat(PgTypes.name(1700)).isEqualTo("numeric");
        assertThat(PgTypes.name(2950)).isEqualTo("uuid");
        assertThat(PgTypes.name(3802)).isEqualTo("jsonb");
        assertThat(PgTypes.name(869)).isEqualTo("inet");
        assertThat(PgTypes.name(650)).isEqualTo("cidr");
    }

    @Test
    void namesArrayTypesWithALeadingUnderscoreAndKnowsTheirElement() {
        assertThat(PgTypes.name(1007)).isEqualTo("_int4");
        assertThat(PgTypes.name(199)).isEqualTo("_json");
        assertThat(PgTypes.name(1014)).isEqualTo("_bpchar");
        assertThat(PgTypes.name(3807)).isEqualTo("_jsonb");
        assertThat(PgTypes.elementOid(1007)).isEqualTo(23);
        assertThat(PgTypes.elementOid(1231)).isEqualTo(1700);
        assertThat(PgTypes.elementOid(2951)).isEqualTo(2950);
        assertThat(PgTypes.isArray(1185)).isTrue();
        assertThat(PgTypes.isArray(1184)).isFalse();
        assertThat(PgTypes.elementOid(23)).isZero();
    }

    @Test
    void knowsNothingOfUserDefinedTypes() {
        assertThat(PgTypes.name(70001)).isNull();
        assertThat(PgTypes.isBuiltIn(70001)).isFalse();
    }
}
