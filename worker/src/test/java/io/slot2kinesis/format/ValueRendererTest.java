package io.slot2kinesis.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.slot2kinesis.change.Column;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueRendererTest {
    private static final JsonFactory FACTORY = new JsonFactory();

    private static String render(ValueRenderer renderer, int oid, String typeName, String text) {
        return render(renderer, new Column("c", oid, typeName, -1, false), text);
    }

    private static String render(ValueRenderer renderer, Column column, String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            renderer.write(generator, column, text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString();
    }

    private static String quoted(String text) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(out)) {
            generator.writeString(text);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString();
    }

    private static String dms(int oid, String typeName, String text) {
        return render(ValueRenderer.dms(), oid, typeName, text);
    }

    private static String rich(int oid, String typeName, String text) {
        return render(ValueRenderer.dmsRich(), oid, typeName, text);
    }

    private static String debezium(int oid, String typeName, String text) {
        return render(ValueRenderer.debezium(), oid, typeName, text);
    }

    @ParameterizedTest(name = "{1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            21   | int2        | -32768                        | -32768
            23   | int4        | 1042                          | 1042
            20   | int8        | 9223372036854775807           | 9223372036854775807
            26   | oid         | 4294967295                    | 4294967295
            700  | float4      | 1.5                           | 1.5
            701  | float8      | 1e+30                         | 1e+30
            701  | float8      | NaN                           | "NaN"
            701  | float8      | Infinity                      | "Infinity"
            701  | float8      | -Infinity                     | "-Infinity"
            1700 | numeric     | 123456789012345678901234.0000001 | "123456789012345678901234.0000001"
            1700 | numeric     | NaN                           | "NaN"
            790  | money       | $1,234.56                     | "1234.56"
            790  | money       | -$92,233,720,368,547,758.08   | "-92233720368547758.08"
            790  | money       | $0.00                         | "0.00"
            25   | text        | hello                         | "hello"
            1043 | varchar     | `say "hi"`                    | `"say \\"hi\\""`
            1042 | bpchar      | `ab  `                        | `"ab  "`
            2950 | uuid        | a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11 | "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"
            869  | inet        | 10.0.0.1/32                   | "10.0.0.1/32"
            99999| mood        | happy                         | "happy"
            1082 | date        | 2024-01-02                    | "2024-01-02"
            1082 | date        | infinity                      | "infinity"
            1083 | time        | 03:04:05.123                  | "03:04:05.123"
            1266 | timetz      | 03:04:05+02                   | "03:04:05+02:00"
            1266 | timetz      | 03:04:05+00                   | "03:04:05Z"
            1114 | timestamp   | 2024-01-02 03:04:05.123456    | "2024-01-02T03:04:05.123456"
            1184 | timestamptz | 2024-01-02 03:04:05.123456+00 | "2024-01-02T03:04:05.123456Z"
            1184 | timestamptz | 2024-01-02 01:04:05+05:30     | "2024-01-01T19:34:05Z"
            1184 | timestamptz | 2024-12-31 23:30:00.5-01      | "2025-01-01T00:30:00.5Z"
            1184 | timestamptz | infinity                      | "infinity"
            1184 | timestamptz | -infinity                     | "-infinity"
            1114 | timestamp   | 0044-03-15 12:00:00 BC        | "0044-03-15 12:00:00 BC"
            1186 | interval    | 1 year 2 mons 3 days 04:05:06 | "1 year 2 mons 3 days 04:05:06"
            """)
    void rendersEachTypeTheSameWayInBothFormats(int oid, String typeName, String text, String json) {
        assertThat(dms(oid, typeName, text)).isEqualTo(json);
        assertThat(rich(oid, typeName, text)).isEqualTo(json);
        assertThat(debezium(oid, typeName, text)).isEqualTo(json);
    }

    @ParameterizedTest(name = "{1} {2} -> {3}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            1007 | _int4       | `{1,2,NULL}`                  | `[1,2,null]`
            1009 | _text       | `{"a b",NULL,"NULL",c}`       | `["a b",null,"NULL","c"]`
            1231 | _numeric    | `{1.10,NaN}`                  | `["1.10","NaN"]`
            1007 | _int4       | `{{1,2},{3,4}}`               | `[[1,2],[3,4]]`
            1185 | _timestamptz | `{"2024-01-02 03:04:05+00"}` | `["2024-01-02T03:04:05Z"]`
            99998| _mood       | `{happy,sad}`                 | `["happy","sad"]`
            791  | _money      | `{"$1,000.50","-$0.01",NULL}` | `["1000.50","-0.01",null]`
            """)
    void arraysArePostgresqlsTextInDmsAndJsonArraysInRichAndDebezium(int oid, String typeName, String text,
            String json) {
        assertThat(dms(oid, typeName, text)).isEqualTo(quoted(text));
        assertThat(rich(oid, typeName, text)).isEqualTo(json);
        assertThat(debezium(oid, typeName, text)).isEqualTo(json);
    }

    @Test
    void booleansAreStringsInDmsAndBooleansInDebezium() {
        assertThat(dms(16, "bool", "t")).isEqualTo("\"true\"");
        assertThat(dms(16, "bool", "f")).isEqualTo("\"false\"");
        assertThat(debezium(16, "bool", "t")).isEqualTo("true");
        assertThat(debezium(16, "bool", "f")).isEqualTo("false");
        assertThat(dms(1000, "_bool", "{t,f,NULL}")).isEqualTo("\"{t,f,NULL}\"");
        assertThat(rich(1000, "_bool", "{t,f,NULL}")).isEqualTo("[\"true\",\"false\",null]");
        assertThat(debezium(1000, "_bool", "{t,f,NULL}")).isEqualTo("[true,false,null]");
    }

    @Test
    void jsonIsTextInDmsAndDebeziumAndEmbeddedInRich() {
        assertThat(dms(114, "json", "{\"a\": [1, 2]}")).isEqualTo("\"{\\\"a\\\": [1, 2]}\"");
        assertThat(dms(3802, "jsonb", "{\"a\": {\"b\": null}}")).isEqualTo("\"{\\\"a\\\": {\\\"b\\\": null}}\"");
        assertThat(dms(3807, "_jsonb", "{\"{\\\"a\\\": 1}\"}")).isEqualTo("\"{\\\"{\\\\\\\"a\\\\\\\": 1}\\\"}\"");
        assertThat(rich(114, "json", "{\"a\": [1, 2]}")).isEqualTo("{\"a\": [1, 2]}");
        assertThat(rich(3802, "jsonb", "{\"a\": {\"b\": null}}")).isEqualTo("{\"a\": {\"b\": null}}");
        assertThat(rich(3807, "_jsonb", "{\"{\\\"a\\\": 1}\"}")).isEqualTo("[{\"a\": 1}]");
        assertThat(debezium(114, "json", "{\"a\": [1, 2]}")).isEqualTo("\"{\\\"a\\\": [1, 2]}\"");
        assertThat(debezium(3802, "jsonb", "{\"a\": {\"b\": null}}"))
                .isEqualTo("\"{\\\"a\\\": {\\\"b\\\": null}}\"");
        assertThat(debezium(3807, "_jsonb", "{\"{\\\"a\\\": 1}\"}")).isEqualTo("[\"{\\\"a\\\": 1}\"]");
    }

    @Test
    void byteaIsHexInDmsPrefixedHexInRichAndBase64InDebezium() {
        assertThat(dms(17, "bytea", "\\x48656c6c6f")).isEqualTo("\"48656C6C6F\"");
        assertThat(rich(17, "bytea", "\\x48656c6c6f")).isEqualTo("\"0x48656C6C6F\"");
        assertThat(debezium(17, "bytea", "\\x48656c6c6f")).isEqualTo("\"SGVsbG8=\"");
        assertThat(dms(17, "bytea", "\\x")).isEqualTo("\"\"");
        assertThat(rich(17, "bytea", "\\x")).isEqualTo("\"0x\"");
        assertThat(debezium(17, "bytea", "\\x")).isEqualTo("\"\"");
    }

    @Test
    void byteaInEscapeFormatIsDecodedToo() {
        assertThat(dms(17, "bytea", "ab\\000\\\\")).isEqualTo("\"6162005C\"");
        assertThat(rich(17, "bytea", "ab\\000\\\\")).isEqualTo("\"0x6162005C\"");
        assertThat(debezium(17, "bytea", "Hello")).isEqualTo("\"SGVsbG8=\"");
    }

    @Test
    void boxArraysAndUnparsableArraysStayText() {
        assertThat(rich(1020, "_box", "{(1,1),(0,0);(2,2),(1,1)}")).isEqualTo("\"{(1,1),(0,0);(2,2),(1,1)}\"");
        assertThat(rich(70001, "_weird", "{unterminated")).isEqualTo("\"{unterminated\"");
    }

    @Test
    void moneyInAnotherLocalesFormStaysAsPostgresqlPrintedIt() {
        assertThat(dms(790, "money", "1.234,56 €")).isEqualTo("\"1.234,56 €\"");
        assertThat(dms(790, "money", "$1,2x")).isEqualTo("\"$1,2x\"");
        assertThat(Money.exact("$12.")).isNull();
        assertThat(Money.exact("-$")).isNull();
    }

    @Test
    void anArrayWhoseLowerBoundIsNotOneStaysTextWithItsBounds() {
        assertThat(rich(1009, "_text", "[0:1]={a,b}")).isEqualTo("\"[0:1]={a,b}\"");
        assertThat(debezium(1007, "_int4", "[1:2][3:3]={{1},{2}}")).isEqualTo("\"[1:2][3:3]={{1},{2}}\"");
        assertThat(rich(1007, "_int4", "{1,2}")).isEqualTo("[1,2]");
        assertThat(dms(1009, "_text", "[0:1]={a,b}")).isEqualTo("\"[0:1]={a,b}\"");
    }

    @Test
    void aDomainRendersLikeItsBaseType() {
        assertThat(render(ValueRenderer.dms(), new Column("c", 70010, "positive", -1, false, 23, "int4"), "5"))
                .isEqualTo("5");
        assertThat(render(ValueRenderer.debezium(), new Column("c", 70011, "flag", -1, false, 16, "bool"), "t"))
                .isEqualTo("true");
        assertThat(render(ValueRenderer.dmsRich(), new Column("c", 70012, "doc", -1, false, 3802, "jsonb"), "{\"a\": 1}"))
                .isEqualTo("{\"a\": 1}");
        assertThat(render(ValueRenderer.dmsRich(), new Column("c", 70013, "_positive", -1, false, 1007, "_int4"), "{1,2}"))
                .isEqualTo("[1,2]");
        assertThat(render(ValueRenderer.dms(), new Column("c", 70013, "_positive", -1, false, 1007, "_int4"), "{1,2}"))
                .isEqualTo("\"{1,2}\"");
        assertThat(render(ValueRenderer.dms(), new Column("c", 70010, "positive", -1, false), "5"))
                .as("unresolved, a domain stays text").isEqualTo("\"5\"");
    }

    @Test
    void recognisesArraysOfUnknownOidByTheirName() {
        assertThat(rich(70000, "_int4", "{5}")).isEqualTo("[5]");
    }
}
