package io.slot2kinesis.infra.constructs;

import io.slot2kinesis.infra.config.NetworkConfig;
import java.util.List;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IInterfaceVpcEndpointService;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.InterfaceVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.IpAddresses;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.ec2.VpcAttributes;
import software.amazon.awscdk.services.ec2.VpcProps;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The VPC everything runs in, with no route to the internet: private isolated subnets and the VPC
 * endpoints DMS, the worker and the custom-resource Lambda need (Kinesis, Secrets Manager, Logs, ECR, S3).
 */
public final class Network extends Construct {

    /** What the stack asks of the network. */
    public record Props(NetworkConfig config, List<String> availabilityZones) {
    }

    private static final List<IInterfaceVpcEndpointService> INTERFACE_ENDPOINTS = List.of(
            InterfaceVpcEndpointAwsService.KINESIS_STREAMS,
            InterfaceVpcEndpointAwsService.SECRETS_MANAGER,
            InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
            InterfaceVpcEndpointAwsService.ECR,
            InterfaceVpcEndpointAwsService.ECR_DOCKER);
    private static final List<String> ENDPOINT_IDS = List.of("Kinesis", "SecretsManager", "Logs", "EcrApi", "EcrDocker");

    private final IVpc vpc;
    private final String vpcCidr;
    private SecurityGroup endpointSecurityGroup;

    public Network(Construct scope, String id, Props props) {
        super(scope, id);
        NetworkConfig config = props.config();
        vpcCidr = config.vpcCidr();
        if (config.createsVpc()) {
            Vpc created = new Vpc(this, "Vpc", VpcProps.builder()
                    .ipAddresses(IpAddresses.cidr(config.vpcCidr()))
                    .maxAzs(props.availabilityZones().size())
                    .natGateways(0)
                    .restrictDefaultSecurityGroup(false)
                    .subnetConfiguration(List.of(SubnetConfiguration.builder()
                            .name("isolated").subnetType(SubnetType.PRIVATE_ISOLATED).cidrMask(24).build()))
                    .build());
            LogGroup flowLogs = LogGroup.Builder.create(this, "FlowLogs")
                    .retention(RetentionDays.ONE_MONTH)
                    .build();
            created.addFlowLog("FlowLog", FlowLogOptions.builder()
                    .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                    .trafficType(FlowLogTrafficType.REJECT)
                    .build());
            vpc = created;
        } else {
            vpc = Vpc.fromVpcAttributes(this, "Vpc", VpcAttributes.builder()
                    .vpcId(config.existingVpcId())
                    .availabilityZones(props.availabilityZones())
                    .isolatedSubnetIds(config.subnetIds())
                    .isolatedSubnetRouteTableIds(config.routeTableIds().isEmpty() ? null : config.routeTableIds())
                    .build());
        }
        if (config.createEndpoints()) {
            for (int i = 0; i < INTERFACE_ENDPOINTS.size(); i++) {
                addInterfaceEndpoint(ENDPOINT_IDS.get(i), INTERFACE_ENDPOINTS.get(i));
            }
            if (config.createsVpc() || !config.routeTableIds().isEmpty()) {
                vpc.addGatewayEndpoint("S3", GatewayVpcEndpointOptions.builder()
                        .service(GatewayVpcEndpointAwsService.S3)
                        .subnets(List.of(subnets()))
                        .build());
            }
        }
    }

    /** Session Manager endpoints, for the bastion to be reachable without internet. */
    public void addSessionManagerEndpoints() {
        List<IInterfaceVpcEndpointService> services = List.of(InterfaceVpcEndpointAwsService.SSM,
                InterfaceVpcEndpointAwsService.SSM_MESSAGES, InterfaceVpcEndpointAwsService.EC2_MESSAGES);
        List<String> ids = List.of("Ssm", "SsmMessages", "Ec2Messages");
        for (int i = 0; i < services.size(); i++) {
            addInterfaceEndpoint(ids.get(i), services.get(i));
        }
    }

    /** HTTPS from the VPC's own range only (a literal CIDR, so checks can read it). */
    private void addInterfaceEndpoint(String id, IInterfaceVpcEndpointService service) {
        if (endpointSecurityGroup == null) {
            endpointSecurityGroup = SecurityGroup.Builder.create(this, "EndpointSecurityGroup")
                    .vpc(vpc)
                    .description("HTTPS to the VPC interface endpoints from inside the VPC")
                    .allowAllOutbound(false)
                    .build();
            endpointSecurityGroup.addIngressRule(Peer.ipv4(vpcCidr), Port.tcp(443), "HTTPS from the VPC");
        }
        vpc.addInterfaceEndpoint(id, InterfaceVpcEndpointOptions.builder()
                .service(service)
                .subnets(subnets())
                .privateDnsEnabled(true)
                .open(false)
                .securityGroups(List.of(endpointSecurityGroup))
                .build());
    }

    public IVpc vpc() {
        return vpc;
    }

    /** The subnets that DMS, the database, the worker and the Lambda use. */
    public SubnetSelection subnets() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }
}
