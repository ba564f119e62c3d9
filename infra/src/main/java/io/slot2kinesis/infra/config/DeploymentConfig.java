package io.slot2kinesis.infra.config;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One environment of cdk.json ({@code context.environments.<env>}), picked by {@code -c env=<name>},
 * with {@code -c mode=...}, {@code -c workerImageTag=...} (or {@code workerImageDigest}), {@code -c workerImageFromAsset=true} and
 * {@code -c tableMappings=<path>} as overrides. Parsing fails on the first problem with one line.
 */
public record DeploymentConfig(
        String envName,
        String account,
        String region,
        List<String> availabilityZones,
        Mode mode,
        NetworkConfig network,
        DatabaseConfig database,
        ReplicationUserConfig replication,
        StreamConfig stream,
        DmsConfig dms,
        WorkerConfig worker,
        AlarmsConfig alarms,
        String tableMappingsPath) {

    public static final String ENVIRONMENTS = "environments";

    /** The stack's name, also the prefix of the names it gives to resources. */
    public String stackName() {
        return "slot2kinesis-" + envName;
    }

    /** The slot the active mode reads. */
    public String slotName() {
        return mode.slotName();
    }

    /** Reads the environment named by the {@code env} context key. */
    public static DeploymentConfig fromContext(Function<String, Object> context) {
        Object environments = context.apply(ENVIRONMENTS);
        if (!(environments instanceof Map<?, ?> all) || all.isEmpty()) {
            throw new ConfigException(ENVIRONMENTS + " is required in cdk.json context: use an object with one entry per environment");
        }
        List<String> names = all.keySet().stream().map(String::valueOf).collect(java.util.stream.Collectors.toCollection(TreeSet::new)).stream().toList();
        Object envValue = context.apply("env");
        if (envValue == null || envValue.toString().isBlank()) {
            throw new ConfigException("env is required: use -c env=<name> with one of " + String.join(", ", names));
        }
        String envName = envValue.toString();
        if (!(all.get(envName) instanceof Map<?, ?> envMap)) {
            throw new ConfigException("env '" + envName + "' is not defined in cdk.json: use one of " + String.join(", ", names));
        }
        ConfigReader env = new ConfigReader(ENVIRONMENTS + "." + envName, envMap);
        Object modeOverride = context.apply("mode");
        Mode mode = modeOverride != null
                ? Mode.parse("mode", modeOverride.toString())
                : Mode.parse(env.key("mode"), env.string("mode", "dms or worker"));
        String region = env.matching("region", "[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d", "an AWS region like eu-west-1");
        List<String> azs = env.strings("availabilityZones");
        if (azs.isEmpty()) {
            azs = List.of(region + "a", region + "b");
        }
        for (String az : azs) {
            if (!az.startsWith(region)) {
                throw new ConfigException(env.key("availabilityZones") + " '" + az + "' is not in " + region + ": use zones of the environment's region");
            }
        }
        if (azs.size() < 2) {
            throw new ConfigException(env.key("availabilityZones") + " has " + azs.size() + " entry: use at least 2 zones (RDS subnet groups need two)");
        }
        Object mappings = context.apply("tableMappings");
        return new DeploymentConfig(
                envName,
                env.matching("account", "\\d{12}", "a 12-digit AWS account id"),
                region,
                List.copyOf(azs),
                mode,
                NetworkConfig.read(env.object("network"), azs.size()),
                DatabaseConfig.read(env.object("database"), azs.size()),
                ReplicationUserConfig.read(env.object("replication")),
                StreamConfig.read(env.object("stream"), envName),
                DmsConfig.read(env.object("dms")),
                WorkerConfig.read(env.object("worker"), context),
                AlarmsConfig.read(env.object("alarms")),
                mappings == null ? "dms-mappings/table-mappings.json" : mappings.toString());
    }
}
