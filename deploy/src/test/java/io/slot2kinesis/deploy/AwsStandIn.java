package io.slot2kinesis.deploy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * A local stand-in for the AWS APIs the deploy asks: a JDK HttpServer on 127.0.0.1 answering the query protocol
 * (STS, RDS, IAM, CloudFormation: form body with Action, XML answers) and the JSON protocol (SSM, ECR, Kinesis,
 * DMS: X-Amz-Target, JSON answers) with canned responses per operation. The SDK clients reach it by endpointOverride,
 * with static fake credentials.
 */
final class AwsStandIn implements AutoCloseable {

    record Answer(int status, String body) {
    }

    /** One request: the operation and the request body (the form or the JSON). */
    record Call(String operation, String body) {
    }

    private final HttpServer server;
    private final Map<String, Function<String, Answer>> answers = new ConcurrentHashMap<>();
    final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

    AwsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    AwsClients clients(String region) {
        return clients(region, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSTANDIN", "standin-secret")));
    }

    AwsClients clients(String region, AwsCredentialsProvider credentials) {
        return new AwsClients(region, credentials, endpoint());
    }

    AwsStandIn answer(String operation, int status, String body) {
        answers.put(operation, request -> new Answer(status, body));
        return this;
    }

    AwsStandIn answer(String operation, Function<String, Answer> answer) {
        answers.put(operation, answer);
        return this;
    }

    List<String> operations() {
        synchronized (calls) {
            return calls.stream().map(Call::operation).toList();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        boolean json = target != null;
        String operation = json ? target.substring(target.lastIndexOf('.') + 1) : formParameter(body, "Action");
        calls.add(new Call(operation, body));
        Function<String, Answer> canned = answers.get(operation);
        Answer answer = canned != null ? canned.apply(body)
                : new Answer(400, json ? jsonError("UnknownOperationException", "no canned answer for " + operation)
                        : queryError("InvalidAction", "no canned answer for " + operation));
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", json ? "application/x-amz-json-1.1" : "text/xml");
        exchange.getResponseHeaders().set("x-amzn-RequestId", "standin");
        exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    static String formParameter(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** A query-protocol answer: {@code <OpResponse><OpResult>...</OpResult>...</OpResponse>}. */
    static String query(String operation, String result) {
        return "<" + operation + "Response><" + operation + "Result>" + result + "</" + operation + "Result>"
                + "<ResponseMetadata><RequestId>standin</RequestId></ResponseMetadata></" + operation + "Response>";
    }

    static String queryError(String code, String message) {
        return "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                + "</Message></Error><RequestId>standin</RequestId></ErrorResponse>";
    }

    static String jsonError(String type, String message) {
        return "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
    }

    // Canned answers used by several tests.

    static String callerIdentity(String account) {
        return query("GetCallerIdentity", "<Arn>arn:aws:iam::" + account + ":user/deployer</Arn><UserId>AIDSTANDIN</UserId><Account>"
                + account + "</Account>");
    }

    static String bootstrapVersion(String version) {
        return "{\"Parameter\":{\"Name\":\"/cdk-bootstrap/hnb659fds/version\",\"Type\":\"String\",\"Value\":\"" + version + "\",\"Version\":1}}";
    }

    static String stack(String name, String outputs, boolean terminationProtection) {
        return query("DescribeStacks", "<Stacks><member><StackName>" + name + "</StackName><StackId>arn:aws:cloudformation:eu-west-1:1:stack/"
                + name + "/1</StackId><StackStatus>UPDATE_COMPLETE</StackStatus><CreationTime>2025-01-01T00:00:00Z</CreationTime>"
                + "<EnableTerminationProtection>" + terminationProtection + "</EnableTerminationProtection><Outputs>" + outputs
                + "</Outputs></member></Stacks>");
    }

    static String noStack(String name) {
        return queryError("ValidationError", "Stack with id " + name + " does not exist");
    }

    static String engineVersions(String engine, String... versions) {
        StringBuilder xml = new StringBuilder("<DBEngineVersions>");
        for (String version : versions) {
            xml.append("<DBEngineVersion><Engine>").append(engine).append("</Engine><EngineVersion>").append(version)
                    .append("</EngineVersion><Status>available</Status></DBEngineVersion>");
        }
        return query("DescribeDBEngineVersions", xml.append("</DBEngineVersions>").toString());
    }

    static String orderable(String engine, String version, String dbClass, boolean supportsClusters) {
        return query("DescribeOrderableDBInstanceOptions", "<OrderableDBInstanceOptions><OrderableDBInstanceOption><Engine>" + engine
                + "</Engine><EngineVersion>" + version + "</EngineVersion><DBInstanceClass>" + dbClass + "</DBInstanceClass>"
                + "<SupportsClusters>" + supportsClusters + "</SupportsClusters></OrderableDBInstanceOption></OrderableDBInstanceOptions>");
    }

    static String noOrderable() {
        return query("DescribeOrderableDBInstanceOptions", "<OrderableDBInstanceOptions/>");
    }

    static String role(String name) {
        return query("GetRole", "<Role><Path>/</Path><RoleName>" + name + "</RoleName><RoleId>AROASTANDIN</RoleId><Arn>arn:aws:iam::1:role/"
                + name + "</Arn><CreateDate>2025-01-01T00:00:00Z</CreateDate></Role>");
    }

    static String limits(int shardLimit, int openShards, int onDemand, int onDemandLimit) {
        return "{\"ShardLimit\":" + shardLimit + ",\"OpenShardCount\":" + openShards + ",\"OnDemandStreamCount\":" + onDemand
                + ",\"OnDemandStreamCountLimit\":" + onDemandLimit + "}";
    }

    static String streamSummary(String name, String mode, int openShards) {
        return "{\"StreamDescriptionSummary\":{\"StreamName\":\"" + name + "\",\"StreamARN\":\"arn:aws:kinesis:eu-west-1:1:stream/" + name
                + "\",\"StreamStatus\":\"ACTIVE\",\"StreamModeDetails\":{\"StreamMode\":\"" + mode + "\"},\"RetentionPeriodHours\":24,"
                + "\"StreamCreationTimestamp\":1.7E9,\"EnhancedMonitoring\":[],\"OpenShardCount\":" + openShards + "}}";
    }

    /** A DescribeAccountAttributes answer: each quota as name, used, max. */
    static String accountQuotas(Object... nameUsedMax) {
        StringBuilder json = new StringBuilder("{\"AccountQuotas\":[");
        for (int i = 0; i < nameUsedMax.length; i += 3) {
            json.append(i == 0 ? "" : ",").append("{\"AccountQuotaName\":\"").append(nameUsedMax[i])
                    .append("\",\"Used\":").append(nameUsedMax[i + 1]).append(",\"Max\":").append(nameUsedMax[i + 2])
                    .append('}');
        }
        return json.append("],\"UniqueAccountIdentifier\":\"c99999999999\"}").toString();
    }

    /** A DescribeReplicationConfigs page: the identifiers, and the marker of the next page (null: the last). */
    static String replicationConfigs(String marker, String... identifiers) {
        StringBuilder json = new StringBuilder("{\"ReplicationConfigs\":[");
        for (int i = 0; i < identifiers.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"ReplicationConfigIdentifier\":\"").append(identifiers[i])
                    .append("\",\"ReplicationConfigArn\":\"arn:aws:dms:eu-west-1:1:replication-config:")
                    .append(identifiers[i]).append("\"}");
        }
        return json.append(']').append(marker == null ? "" : ",\"Marker\":\"" + marker + "\"").append('}').toString();
    }

    /** Every read-only answer of a healthy account 111111111111 (environment dev: postgres 17, t4g.micro, on-demand). */
    AwsStandIn healthyDev() {
        return answer("GetCallerIdentity", 200, callerIdentity("111111111111"))
                .answer("GetParameter", 200, bootstrapVersion("28"))
                .answer("DescribeDBEngineVersions", 200, engineVersions("postgres", "17.4", "17.5"))
                .answer("DescribeOrderableDBInstanceOptions", 200, orderable("postgres", "17.5", "db.t4g.micro", false))
                .answer("DescribeLimits", 200, limits(500, 0, 0, 50))
                .answer("DescribeStreamSummary", 400, jsonError("ResourceNotFoundException", "Stream slot2kinesis-dev not found"))
                .answer("DescribeReplicationConfigs", 200, replicationConfigs(null))
                .answer("DescribeAccountAttributes", 200, accountQuotas("Endpoints", 0, 1000, "ReplicationSubnetGroups", 0, 60,
                        "SubnetsPerReplicationSubnetGroup", 0, 60));
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
