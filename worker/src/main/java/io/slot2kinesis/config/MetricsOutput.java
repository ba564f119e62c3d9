package io.slot2kinesis.config;

/** {@code S2K_METRICS}: where metrics go. */
public enum MetricsOutput {
    /** CloudWatch embedded metric format lines on stdout, turned into metrics by the ECS log driver. */
    EMF,
    OFF
}
