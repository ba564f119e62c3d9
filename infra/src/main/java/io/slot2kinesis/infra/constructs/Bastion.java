package io.slot2kinesis.infra.constructs;

import java.util.List;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.services.ec2.BastionHostLinux;
import software.amazon.awscdk.services.ec2.BlockDevice;
import software.amazon.awscdk.services.ec2.BlockDeviceVolume;
import software.amazon.awscdk.services.ec2.EbsDeviceVolumeType;
import software.amazon.awscdk.services.ec2.EbsDeviceOptions;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.constructs.Construct;

/**
 * A small instance with no inbound rules, reached only through Session Manager, that port-forwards
 * to the private database for integration tests and psql.
 */
public final class Bastion extends Construct {

    public record Props(IVpc vpc, SubnetSelection subnets, SourceDatabase database) {
    }

    private final BastionHostLinux host;
    private final SourceDatabase database;

    public Bastion(Construct scope, String id, Props props) {
        super(scope, id);
        database = props.database();
        host = BastionHostLinux.Builder.create(this, "Host")
                .vpc(props.vpc())
                .subnetSelection(props.subnets())
                .requireImdsv2(true)
                .blockDevices(List.of(BlockDevice.builder()
                        .deviceName("/dev/xvda")
                        .volume(BlockDeviceVolume.ebs(10, EbsDeviceOptions.builder()
                                .encrypted(true)
                                .volumeType(EbsDeviceVolumeType.GP3)
                                .build()))
                        .build()))
                .build();
        database.allowFrom(host, "Session Manager port forwarding (tests)");
    }

    public String instanceId() {
        return host.getInstanceId();
    }

    /** The command that makes the database reachable on localhost:15432. */
    public String portForwardCommand() {
        return Fn.join("", List.of(
                "aws ssm start-session --target ", host.getInstanceId(),
                " --document-name AWS-StartPortForwardingSessionToRemoteHost --parameters host=",
                database.endpointAddress(), ",portNumber=", Integer.toString(database.port()), ",localPortNumber=15432"));
    }
}
