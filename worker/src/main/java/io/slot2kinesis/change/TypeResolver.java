package io.slot2kinesis.change;

/**
 * Finds the type a column's values are written in when its type is a domain: pgoutput names a domain column by
 * the domain's OID, and its Type message says nothing of the base type, which only the catalog knows.
 */
@FunctionalInterface
public interface TypeResolver {
    /** Resolves nothing: every type renders as itself (domains as strings). */
    TypeResolver NONE = typeOid -> null;

    /**
     * For a domain, its base type (through domains over domains); for an array of a domain, the array type of that
     * base type; null for any other type, or one the catalog no longer has.
     */
    BaseType baseType(int typeOid);

    /** A type by OID and {@code pg_type.typname}. */
    record BaseType(int oid, String name) {}
}
