package io.slot2kinesis.format;

import io.slot2kinesis.change.Column;
import java.util.Map;

/**
 * Maps a column's type to a {@link ValueKind}: built-in types by OID (a switch, cheap on the hot path), other
 * types (enums, domains, extension types, their arrays) by name, falling back to a string.
 */
final class ValueKinds {
    /** Built-in element types by name, for arrays of them reported by name only ({@code _int4}). */
    private static final Map<String, ValueKind> BY_NAME = Map.ofEntries(
            Map.entry("int2", ValueKind.INTEGER), Map.entry("int4", ValueKind.INTEGER),
            Map.entry("int8", ValueKind.INTEGER), Map.entry("oid", ValueKind.INTEGER),
            Map.entry("float4", ValueKind.FLOAT), Map.entry("float8", ValueKind.FLOAT),
            Map.entry("numeric", ValueKind.EXACT_NUMBER), Map.entry("money", ValueKind.MONEY),
            Map.entry("bool", ValueKind.BOOLEAN), Map.entry("date", ValueKind.DATE),
            Map.entry("time", ValueKind.TIME), Map.entry("timetz", ValueKind.TIMETZ),
            Map.entry("timestamp", ValueKind.TIMESTAMP), Map.entry("timestamptz", ValueKind.TIMESTAMPTZ),
            Map.entry("bytea", ValueKind.BYTEA), Map.entry("json", ValueKind.JSON), Map.entry("jsonb", ValueKind.JSON));

    private ValueKinds() {}

    /** By the type the value is written in: a domain's base type. */
    static ValueKind kind(Column column) {
        return kind(column.baseTypeOid(), column.baseTypeName());
    }

    static ValueKind kind(int oid, String name) {
        ValueKind builtIn = builtIn(oid);
        if (builtIn != null) {
            return builtIn;
        }
        if (name != null && name.startsWith("_") && !name.equals("_box")) {
            return ValueKind.ARRAY;
        }
        return name == null ? ValueKind.STRING : BY_NAME.getOrDefault(name, ValueKind.STRING);
    }

    /** The element kind of an array column. */
    static ValueKind elementKind(Column column) {
        ValueKind byOid = arrayElement(column.baseTypeOid());
        if (byOid != null) {
            return byOid;
        }
        String name = column.baseTypeName();
        return name != null && name.startsWith("_")
                ? BY_NAME.getOrDefault(name.substring(1), ValueKind.STRING)
                : ValueKind.STRING;
    }

    private static ValueKind builtIn(int oid) {
        return switch (oid) {
            case 20, 21, 23, 26, 28, 5069 -> ValueKind.INTEGER;
            case 700, 701 -> ValueKind.FLOAT;
            case 1700 -> ValueKind.EXACT_NUMBER;
            case 790 -> ValueKind.MONEY;
            case 16 -> ValueKind.BOOLEAN;
            case 1082 -> ValueKind.DATE;
            case 1083 -> ValueKind.TIME;
            case 1266 -> ValueKind.TIMETZ;
            case 1114 -> ValueKind.TIMESTAMP;
            case 1184 -> ValueKind.TIMESTAMPTZ;
            case 17 -> ValueKind.BYTEA;
            case 114, 3802 -> ValueKind.JSON;
            case 25, 1043, 1042, 18, 19, 2950, 869, 650, 829, 774, 1186, 142, 1560, 1562, 3220, 3614, 3615, 4072 ->
                    ValueKind.STRING;
            default -> arrayElement(oid) != null ? ValueKind.ARRAY : null;
        };
    }

    private static ValueKind arrayElement(int arrayOid) {
        return switch (arrayOid) {
            case 1005, 1007, 1016, 1028, 1011, 271 -> ValueKind.INTEGER;
            case 1021, 1022 -> ValueKind.FLOAT;
            case 1231 -> ValueKind.EXACT_NUMBER;
            case 791 -> ValueKind.MONEY;
            case 1000 -> ValueKind.BOOLEAN;
            case 1182 -> ValueKind.DATE;
            case 1183 -> ValueKind.TIME;
            case 1270 -> ValueKind.TIMETZ;
            case 1115 -> ValueKind.TIMESTAMP;
            case 1185 -> ValueKind.TIMESTAMPTZ;
            case 1001 -> ValueKind.BYTEA;
            case 199, 3807 -> ValueKind.JSON;
            case 1009, 1015, 1014, 1002, 1003, 2951, 1041, 651, 1040, 775, 1187, 143, 1561, 1563, 3221, 3643,
                    3645, 4073 -> ValueKind.STRING;
            default -> null;
        };
    }
}
