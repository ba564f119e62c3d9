package io.slot2kinesis.infra.config;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One environment of cdk.json ({@code context.environments.<env>}), picked by {@code -c env=<name>},
 * with {@code -c mode=...}, {@code -c workerImageTag=...} (or {@code workerImageDigest}), {@code -c workerImageFromAsset=true} and
 * {@code -c tableMappings=<path>} and {@code -c tableGroups=<path>} (both inside dms-mappings/) as overrides. Parsing fails on the first problem
 * with one line.
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
        String tableMappingsPath,
        ConsumersConfig consumers) {

    public static final String ENVIRONMENTS = "environments";
    /**
     * The mappings file unless {@code -c tableMappings} names another; any such file lies inside dms-mappings/, the
     * folder the worker image carries, so the task reads the file synth read.
     */
    public static final String DEFAULT_TABLE_MAPPINGS = "dms-mappings/table-mappings.json";

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
        String account = env.matching("account", "\\d{12}", "a 12-digit AWS account id");
        DmsConfig dms = DmsConfig.read(env.object("dms"));
        DatabaseConfig database = DatabaseConfig.read(env.object("database"), azs.size());
        if (mode == Mode.DMS) {
            checkDmsSource(env, database);
            checkDmsAccountRoles(env, account, dms, all);
        }
        Object mappings = context.apply("tableMappings");
        return new DeploymentConfig(
                envName,
                account,
                region,
                List.copyOf(azs),
                mode,
                NetworkConfig.read(env.object("network"), azs.size()),
                database,
                ReplicationUserConfig.read(env.object("replication")),
                StreamConfig.read(env.object("stream"), envName),
                dms,
                WorkerConfig.read(env.object("worker"), context),
                AlarmsConfig.read(env.object("alarms")),
                mappings == null ? DEFAULT_TABLE_MAPPINGS
                        : TableGroupsSetting.inMappingsFolder("tableMappings", mappings.toString(), "table-mappings-dev.json"),
                env.has("consumers") ? ConsumersConfig.read(env.object("consumers")) : ConsumersConfig.NONE);
    }

    /** DMS reads PostgreSQL sources up to 17 (17 needs DMS 3.6.1+; DMS "Using a PostgreSQL database as a source"). */
    private static void checkDmsSource(ConfigReader env, DatabaseConfig database) {
        String version = database.engineVersion();
        int major = Integer.parseInt(version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
        if (major > 17) {
            throw new ConfigException(env.key("database.engineVersion") + " '" + version + "' is not a DMS source: DMS reads"
                    + " PostgreSQL up to 17; use 17 or mode worker");
        }
    }

    /**
     * DMS needs the account-level role dms-vpc-role (and dms-cloudwatch-logs-role) before it creates a replication
     * subnet group: this environment creates them, another environment of the same account does, or they exist.
     */
    private static void checkDmsAccountRoles(ConfigReader env, String account, DmsConfig dms, Map<?, ?> all) {
        if (dms.createAccountRoles() || dms.accountRolesExist()) {
            return;
        }
        for (var other : all.entrySet()) {
            if (other.getValue() instanceof Map<?, ?> otherEnv && account.equals(String.valueOf(otherEnv.get("account")))
                    && otherEnv.get("dms") instanceof Map<?, ?> otherDms && Boolean.TRUE.equals(otherDms.get("createAccountRoles"))) {
                return;
            }
        }
        throw new ConfigException(env.key("dms.createAccountRoles") + " is false and no environment of account " + account
                + " creates dms-vpc-role, which DMS needs: set it to true (one environment per account), or set"
                + " dms.accountRolesExist to true if the account already has dms-vpc-role and dms-cloudwatch-logs-role");
    }
}
