package io.slot2kinesis.mapping;

/**
 * A table-mapping file that cannot be used. The message is one line that names the file, the rule (id and
 * name) and what is allowed, so it can be shown as is by the CDK app at synth and by the worker at start.
 */
public class TableMappingException extends RuntimeException {
    public TableMappingException(String message) {
        super(message);
    }

    public TableMappingException(String message, Throwable cause) {
        super(message, cause);
    }
}
