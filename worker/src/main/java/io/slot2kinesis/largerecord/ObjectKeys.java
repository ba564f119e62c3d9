package io.slot2kinesis.largerecord;

import java.util.Locale;

/**
 * Object keys from a record's position: {@code <prefix><stream>/<commit LSN as 16 hex digits>/<position>.json}. The
 * commit LSN and the position in the transaction identify a record for good, so a put repeated after a crash or a
 * retry overwrites the same object instead of leaving a second one.
 */
public final class ObjectKeys {
    private ObjectKeys() {}

    public static String forRecord(String prefix, String stream, long commitLsn, long position) {
        return prefix + stream + "/" + String.format(Locale.ROOT, "%016X", commitLsn) + "/" + position + ".json";
    }
}
