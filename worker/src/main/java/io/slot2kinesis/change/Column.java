package io.slot2kinesis.change;

/**
 * One column of a published table.
 *
 * @param typeOid      the PostgreSQL type OID; decides how the text value is rendered
 * @param typeName     the type's name ({@code int4}, {@code numeric}, {@code my_enum}, {@code _text} for arrays)
 * @param typeModifier {@code atttypmod}, -1 when the type has none
 * @param key          part of the row's key, which partition keys are built from and which old values hold under
 *                     REPLICA IDENTITY DEFAULT and INDEX: the replica identity index under USING INDEX, else the
 *                     primary key (see {@link TableResolver}; never pgoutput's flags under FULL, which mark every
 *                     column)
 */
public record Column(String name, int typeOid, String typeName, int typeModifier, boolean key) {}
