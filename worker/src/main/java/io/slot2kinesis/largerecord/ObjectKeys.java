package io.slot2kinesis.largerecord;

import java.util.Locale;

/**
 * Object keys from a record's position: {@code <prefix><stream>/<slot>/<commit LSN as 16 hex digits>/<position>.json}.
 * The slot, the commit LSN and the position in the transaction identify a record for good, so a put repeated after a
 * crash or a retry overwrites the same object instead of leaving a second one. The slot is part of it because table
 * groups number a transaction's changes per group: two groups' workers can write records with the same commit LSN and
 * position to one stream.
 */
public final class ObjectKeys {
    private ObjectKeys() {}

    public static String forRecord(String prefix, String stream, String slot, long commitLsn, long position) {
        return prefix + stream + "/" + slot + "/" + String.format(Locale.ROOT, "%016X", commitLsn) + "/" + position + ".json";
    }
}
