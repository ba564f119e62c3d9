package io.slot2kinesis.it.target;

import java.util.Locale;

/** What captures the source's changes into the stream. */
public enum CaptureMode {
    /** The slot2kinesis worker. */
    WORKER,
    /** AWS DMS Serverless, writing the same record format. */
    DMS;

    /** Parses the deployment's {@code Mode} output: {@code worker} or {@code dms}, any case. */
    public static CaptureMode parse(String text) {
        for (CaptureMode mode : values()) {
            if (mode.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Mode '" + text + "' is neither 'worker' nor 'dms'");
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
