package io.slot2kinesis.change;

/** {@code pg_class.relreplident}: which old values PostgreSQL logs for UPDATE and DELETE. */
public enum ReplicaIdentity {
    DEFAULT('d'), NOTHING('n'), FULL('f'), INDEX('i');

    private final char code;

    ReplicaIdentity(char code) {
        this.code = code;
    }

    public char code() {
        return code;
    }

    public static ReplicaIdentity fromCode(char code) {
        for (ReplicaIdentity identity : values()) {
            if (identity.code == code) {
                return identity;
            }
        }
        throw new IllegalArgumentException("unknown replica identity '" + code + "': expected d, n, f or i");
    }
}
