package io.slot2kinesis.deploy;

import io.slot2kinesis.infra.config.DatabaseConfig;
import io.slot2kinesis.infra.config.DatabaseKind;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.OrderableDBInstanceOption;

/**
 * The database the stack creates can be created in the region: RDS DescribeDBEngineVersions lists the
 * environment's engine version (only available versions are listed unless IncludeAll), and
 * DescribeOrderableDBInstanceOptions offers its instance class for that version, for a Multi-AZ DB cluster
 * with SupportsClusters. A major version alone ({@code 17}) means any available minor of it, as RDS picks one.
 */
public final class DatabaseCheck implements Check {

    private final AwsClients aws;
    private final DatabaseConfig database;

    public DatabaseCheck(AwsClients aws, DatabaseConfig database) {
        this.aws = aws;
        this.database = database;
    }

    @Override
    public String name() {
        return "database";
    }

    private String engine() {
        return database.kind().dmsEngineName();
    }

    private boolean majorOnly() {
        return !database.engineVersion().contains(".");
    }

    private String family() {
        return engine() + database.engineMajorVersion();
    }

    @Override
    public List<Finding> run() {
        if (!database.createsDatabase()) {
            return List.of(Finding.pass(name(), "an existing database: the stack creates none"));
        }
        Finding version = engineVersion();
        if (!version.ok()) {
            return List.of(version);
        }
        return List.of(version, instanceClass());
    }

    private Finding engineVersion() {
        String what = engine() + " " + database.engineVersion();
        List<DBEngineVersion> found;
        try {
            found = majorOnly()
                    ? aws.rds().describeDBEngineVersions(b -> b.engine(engine()).dbParameterGroupFamily(family())).dbEngineVersions()
                    : aws.rds().describeDBEngineVersions(b -> b.engine(engine()).engineVersion(database.engineVersion())).dbEngineVersions();
        } catch (AwsServiceException e) {
            if (majorOnly() && e.awsErrorDetails() != null && !BootstrapCheck.isAccessDenied(e)) {
                found = List.of();
            } else {
                return Finding.error(name(), "rds:DescribeDBEngineVersions", e);
            }
        } catch (SdkException e) {
            return Finding.error(name(), "rds:DescribeDBEngineVersions", e);
        }
        found = found.stream().filter(v -> v.status() == null || v.status().equals("available")).toList();
        if (found.isEmpty()) {
            return Finding.fail(name(), what + " is not available in " + aws.region() + ": set database.engineVersion in"
                    + " cdk.json to " + alternatives());
        }
        return Finding.pass(name(), what + " is available in " + aws.region());
    }

    /** The versions of the same major that can be created, for the failure line. */
    private String alternatives() {
        try {
            List<String> versions = aws.rds().describeDBEngineVersions(b -> b.engine(engine()).dbParameterGroupFamily(family()))
                    .dbEngineVersions().stream()
                    .filter(v -> v.status() == null || v.status().equals("available"))
                    .map(DBEngineVersion::engineVersion).toList();
            if (!versions.isEmpty()) {
                return "one of " + String.join(", ", versions.size() > 6 ? versions.subList(versions.size() - 6, versions.size()) : versions);
            }
        } catch (SdkException ignored) {
            // the family itself is unknown: no list to offer
        }
        return "a version `aws rds describe-db-engine-versions --engine " + engine() + "` lists";
    }

    private Finding instanceClass() {
        String dbClass = "db." + database.instanceClass();
        boolean cluster = database.kind() == DatabaseKind.MULTI_AZ_CLUSTER;
        String major = database.engineMajorVersion() + ".";
        List<OrderableDBInstanceOption> options;
        try {
            options = aws.rds().describeOrderableDBInstanceOptionsPaginator(b -> {
                b.engine(engine()).dbInstanceClass(dbClass);
                if (!majorOnly()) {
                    b.engineVersion(database.engineVersion());
                }
            }).orderableDBInstanceOptions().stream()
                    .filter(o -> !majorOnly() || o.engineVersion() != null && o.engineVersion().startsWith(major))
                    .toList();
        } catch (SdkException e) {
            return Finding.error(name(), "rds:DescribeOrderableDBInstanceOptions", e);
        }
        String what = dbClass + " for " + engine() + " " + database.engineVersion();
        if (options.isEmpty()) {
            return Finding.fail(name(), what + " is not offered in " + aws.region() + ": set database.instanceClass in"
                    + " cdk.json to a class `aws rds describe-orderable-db-instance-options --engine " + engine()
                    + "` lists for that version");
        }
        if (cluster && options.stream().noneMatch(o -> Boolean.TRUE.equals(o.supportsClusters()))) {
            return Finding.fail(name(), what + " is offered in " + aws.region() + " but not as a Multi-AZ DB cluster:"
                    + " set database.instanceClass (or engineVersion) to one with SupportsClusters");
        }
        return Finding.pass(name(), what + " is offered in " + aws.region() + (cluster ? " as a Multi-AZ DB cluster" : ""));
    }
}
