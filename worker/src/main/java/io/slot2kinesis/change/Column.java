package io.slot2kinesis.change;

/**
 * One column of a published table.
 *
 * @param typeOid      the PostgreSQL type OID, as declared (a domain's own OID)
 * @param typeName     the type's name ({@code int4}, {@code numeric}, {@code my_enum}, {@code _text} for arrays)
 * @param typeModifier {@code atttypmod}, -1 when the type has none
 * @param key          part of the row's key, which partition keys are built from and which old values hold under
 *                     REPLICA IDENTITY DEFAULT and INDEX: the replica identity index under USING INDEX, else the
 *                     primary key (see {@link TableResolver}; never pgoutput's flags under FULL, which mark every
 *                     column)
 * @param baseTypeOid  the type the value's text is written in, which decides how it is rendered: for a domain its
 *                     base type (an {@code int4} domain renders as a number), for an array of a domain the array of
 *                     that base type; otherwise {@code typeOid}
 * @param baseTypeName the name of {@code baseTypeOid}
 */
public record Column(String name, int typeOid, String typeName, int typeModifier, boolean key, int baseTypeOid,
        String baseTypeName) {

    /** A column whose type is no domain. */
    public Column(String name, int typeOid, String typeName, int typeModifier, boolean key) {
        this(name, typeOid, typeName, typeModifier, key, typeOid, typeName);
    }

    /** This column with its values rendered as {@code base}; unchanged when {@code base} is null. */
    public Column renderedAs(TypeResolver.BaseType base) {
        return base == null ? this : new Column(name, typeOid, typeName, typeModifier, key, base.oid(), base.name());
    }
}
