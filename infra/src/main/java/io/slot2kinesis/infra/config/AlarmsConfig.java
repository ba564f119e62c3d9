package io.slot2kinesis.infra.config;

/** Alarm thresholds; {@code topicEmail} (optional) subscribes an address to an SNS topic for them. */
public record AlarmsConfig(boolean createTopic, String topicEmail, long slotLagBytes, int cdcLatencySeconds) {

    static AlarmsConfig read(ConfigReader alarms) {
        String email = alarms.optionalString("email");
        if (email != null && !email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new ConfigException(alarms.key("email") + " '" + email + "' is not valid: use an e-mail address");
        }
        return new AlarmsConfig(
                alarms.bool("snsTopic", email != null),
                email,
                alarms.longValue("slotLagBytes", 1L << 30, 1L << 20, 1L << 40),
                alarms.integer("cdcLatencySeconds", 300, 10, 86400));
    }
}
