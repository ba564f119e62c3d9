package io.slot2kinesis.infra.config;

/** A deployment setting is missing or wrong; the message is one line naming the key and what is allowed. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
