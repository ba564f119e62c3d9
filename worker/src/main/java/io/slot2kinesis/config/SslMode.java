package io.slot2kinesis.config;

/** libpq's {@code sslmode} values, which pgjdbc accepts as they are. */
public enum SslMode {
    DISABLE, ALLOW, PREFER, REQUIRE, VERIFY_CA, VERIFY_FULL;

    public String pgValue() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
