package io.slot2kinesis.pgoutput;

import java.util.HashMap;
import java.util.Map;

/**
 * Names of PostgreSQL's built-in types by OID, from {@code src/include/catalog/pg_type.dat}.
 *
 * <p>Built-in OIDs are fixed across versions, which is why pgoutput sends Type messages only for the others.
 * Array types are named with a leading underscore, as in {@code pg_type.typname}: {@code _int4}.
 */
public final class PgTypes {
    /** {@code typname}, OID, OID of its array type (0 for none). */
    private record BuiltIn(String name, int oid, int arrayOid) {}

    private static final BuiltIn[] BUILT_IN = {
        t("bool", 16, 1000), t("bytea", 17, 1001), t("char", 18, 1002), t("name", 19, 1003),
        t("int8", 20, 1016), t("int2", 21, 1005), t("int2vector", 22, 1006), t("int4", 23, 1007),
        t("regproc", 24, 1008), t("text", 25, 1009), t("oid", 26, 1028), t("tid", 27, 1010),
        t("xid", 28, 1011), t("cid", 29, 1012), t("oidvector", 30, 1013),
        t("json", 114, 199), t("xml", 142, 143), t("xid8", 5069, 271),
        t("point", 600, 1017), t("lseg", 601, 1018), t("path", 602, 1019), t("box", 603, 1020),
        t("polygon", 604, 1027), t("line", 628, 629), t("circle", 718, 719),
        t("float4", 700, 1021), t("float8", 701, 1022), t("unknown", 705, 0), t("money", 790, 791),
        t("macaddr", 829, 1040), t("macaddr8", 774, 775), t("inet", 869, 1041), t("cidr", 650, 651),
        t("aclitem", 1033, 1034), t("bpchar", 1042, 1014), t("varchar", 1043, 1015),
        t("date", 1082, 1182), t("time", 1083, 1183), t("timestamp", 1114, 1115),
        t("timestamptz", 1184, 1185), t("interval", 1186, 1187), t("timetz", 1266, 1270),
        t("bit", 1560, 1561), t("varbit", 1562, 1563), t("numeric", 1700, 1231), t("refcursor", 1790, 2201),
        t("regprocedure", 2202, 2207), t("regoper", 2203, 2208), t("regoperator", 2204, 2209),
        t("regclass", 2205, 2210), t("regtype", 2206, 2211), t("regrole", 4096, 4097),
        t("regnamespace", 4089, 4090), t("regcollation", 4191, 4192), t("regconfig", 3734, 3735),
        t("regdictionary", 3769, 3770),
        t("uuid", 2950, 2951), t("pg_lsn", 3220, 3221), t("tsvector", 3614, 3643), t("tsquery", 3615, 3645),
        t("gtsvector", 3642, 3644), t("jsonb", 3802, 3807), t("jsonpath", 4072, 4073),
        t("txid_snapshot", 2970, 2949), t("pg_snapshot", 5038, 5039),
        t("int4range", 3904, 3905), t("numrange", 3906, 3907), t("tsrange", 3908, 3909),
        t("tstzrange", 3910, 3911), t("daterange", 3912, 3913), t("int8range", 3926, 3927),
        t("int4multirange", 4451, 6150), t("nummultirange", 4532, 6151), t("tsmultirange", 4533, 6152),
        t("tstzmultirange", 4534, 6153), t("datemultirange", 4535, 6155), t("int8multirange", 4536, 6157),
        t("record", 2249, 2287), t("cstring", 2275, 1263),
    };

    private static final Map<Integer, String> NAMES = new HashMap<>();
    private static final Map<Integer, Integer> ELEMENTS = new HashMap<>();

    static {
        for (BuiltIn type : BUILT_IN) {
            NAMES.put(type.oid, type.name);
            if (type.arrayOid != 0) {
                NAMES.put(type.arrayOid, "_" + type.name);
                ELEMENTS.put(type.arrayOid, type.oid);
            }
        }
    }

    private PgTypes() {}

    private static BuiltIn t(String name, int oid, int arrayOid) {
        return new BuiltIn(name, oid, arrayOid);
    }

    /** The built-in type's name, e.g. {@code int4} for 23 and {@code _int4} for 1007; null if not built in. */
    public static String name(int oid) {
        return NAMES.get(oid);
    }

    public static boolean isBuiltIn(int oid) {
        return NAMES.containsKey(oid);
    }

    /** Whether the OID is a built-in array type such as {@code _text}. */
    public static boolean isArray(int oid) {
        return ELEMENTS.containsKey(oid);
    }

    /** The element type of a built-in array type (23 for 1007), or 0 when the OID is not one. */
    public static int elementOid(int arrayOid) {
        return ELEMENTS.getOrDefault(arrayOid, 0);
    }
}
