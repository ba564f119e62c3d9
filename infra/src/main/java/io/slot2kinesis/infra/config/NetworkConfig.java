package io.slot2kinesis.infra.config;

import java.util.List;

/**
 * A new VPC with private isolated subnets ({@code existingVpcId == null}), or an existing VPC given by
 * ids and CIDR (no lookup). {@code createEndpoints} is false where the existing VPC already has the endpoints.
 */
public record NetworkConfig(
        String vpcCidr,
        String existingVpcId,
        List<String> subnetIds,
        List<String> routeTableIds,
        boolean createEndpoints) {

    public boolean createsVpc() {
        return existingVpcId == null;
    }

    static NetworkConfig read(ConfigReader network, int azCount) {
        String cidr = network.stringOr("vpcCidr", network.has("vpcId") ? null : "10.40.0.0/16");
        if (cidr == null) {
            throw new ConfigException(network.key("vpcCidr") + " is required with vpcId: use the existing VPC's IPv4 CIDR block");
        }
        if (!cidr.matches("\\d{1,3}(\\.\\d{1,3}){3}/(1[6-9]|2[0-4])")) {
            throw new ConfigException(network.key("vpcCidr") + " '" + cidr
                    + "' is not valid: use an IPv4 CIDR block from /16 to /24");
        }
        if (!network.has("vpcId")) {
            return new NetworkConfig(cidr, null, List.of(), List.of(), network.bool("createEndpoints", true));
        }
        String vpcId = network.matching("vpcId", "vpc-[0-9a-f]{8,17}", "a VPC id like vpc-0123456789abcdef0");
        List<String> subnets = network.strings("subnetIds");
        if (subnets.size() != azCount) {
            throw new ConfigException(network.key("subnetIds") + " has " + subnets.size()
                    + " entries: use one private subnet id per availability zone (" + azCount + ")");
        }
        for (String subnet : subnets) {
            if (!subnet.matches("subnet-[0-9a-f]{8,17}")) {
                throw new ConfigException(network.key("subnetIds") + " '" + subnet
                        + "' is not valid: use subnet ids like subnet-0123456789abcdef0");
            }
        }
        List<String> routeTables = network.strings("routeTableIds");
        if (!routeTables.isEmpty() && routeTables.size() != subnets.size()) {
            throw new ConfigException(network.key("routeTableIds") + " has " + routeTables.size()
                    + " entries: use one route table id per subnet (" + subnets.size() + ") or none");
        }
        return new NetworkConfig(cidr, vpcId, subnets, routeTables, network.bool("createEndpoints", false));
    }
}
