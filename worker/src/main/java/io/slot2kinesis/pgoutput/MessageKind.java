package io.slot2kinesis.pgoutput;

import org.postgresql.replication.LogSequenceNumber;

/** The first byte of a pgoutput message, which names its type. */
public enum MessageKind {
    BEGIN('B'),
    COMMIT('C'),
    ORIGIN('O'),
    RELATION('R'),
    TYPE('Y'),
    INSERT('I'),
    UPDATE('U'),
    DELETE('D'),
    TRUNCATE('T'),
    MESSAGE('M'),
    STREAM_START('S'),
    STREAM_STOP('E'),
    STREAM_COMMIT('c'),
    STREAM_ABORT('A');

    private static final MessageKind[] BY_BYTE = new MessageKind[256];
    private static final String EXPECTED;

    static {
        StringBuilder expected = new StringBuilder();
        for (MessageKind kind : values()) {
            BY_BYTE[kind.code] = kind;
            expected.append(expected.isEmpty() ? "" : ", ").append(kind.code);
        }
        EXPECTED = expected.toString();
    }

    private final char code;

    MessageKind(char code) {
        this.code = code;
    }

    /** The protocol letter, e.g. {@code 'B'} for {@link #BEGIN}. */
    public char code() {
        return code;
    }

    /**
     * The kind named by a message's first byte.
     *
     * @param walPosition where the message was read, for the error; may be null
     * @throws PgOutputException for a byte that names no message this decoder knows
     */
    public static MessageKind of(byte code, LogSequenceNumber walPosition) {
        MessageKind kind = BY_BYTE[code & 0xFF];
        if (kind == null) {
            throw new PgOutputException("unknown pgoutput message byte " + describe(code)
                    + PgOutputException.at(walPosition)
                    + ": expected one of " + EXPECTED + hint(code));
        }
        return kind;
    }

    /** {@code 0x5a ('Z')}, or just the hex for a byte that is not printable ASCII. */
    static String describe(byte code) {
        int value = code & 0xFF;
        String hex = String.format("0x%02x", value);
        return value >= 0x20 && value < 0x7F ? hex + " ('" + (char) value + "')" : hex;
    }

    private static String hint(byte code) {
        return switch (code) {
            case 'b', 'P', 'K', 'r', 'p' ->
                    " (two-phase commit messages come with proto_version 3 and two_phase,"
                            + " which slot2kinesis does not request)";
            default -> " (is the slot using the pgoutput plugin?)";
        };
    }
}
