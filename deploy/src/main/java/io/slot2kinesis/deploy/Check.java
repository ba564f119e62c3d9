package io.slot2kinesis.deploy;

import java.util.List;

/** One concern of the preflight (credentials, bootstrap, database version, ...), asked of AWS read-only. */
public interface Check {

    /** A short name, the first word of each of its findings. */
    String name();

    List<Finding> run();
}
