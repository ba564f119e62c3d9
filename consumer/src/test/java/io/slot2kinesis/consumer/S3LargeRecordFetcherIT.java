package io.slot2kinesis.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slot2kinesis.change.Column;
import io.slot2kinesis.change.Operation;
import io.slot2kinesis.change.ReplicaIdentity;
import io.slot2kinesis.change.Row;
import io.slot2kinesis.change.TableSchema;
import io.slot2kinesis.config.RecordFormatName;
import io.slot2kinesis.largerecord.LargeRecordPointer;
import io.slot2kinesis.largerecord.ObjectKeys;
import io.slot2kinesis.largerecord.PointerRecords;
import io.slot2kinesis.localstack.S3Local;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/** The consumer library reads a 30 MB record a pointer names from an S3-compatible server (s3rver). */
@Timeout(120)
class S3LargeRecordFetcherIT {
    private static final TableSchema DOCS = WorkerRecords.table("docs", ReplicaIdentity.DEFAULT,
            List.of(new Column("id", 23, "int4", -1, true), new Column("body", 25, "text", -1, false)));

    @Test
    void resolvesA30MegabyteValueExactlyAndNamesAMissingObject() throws Exception {
        String body = "0123456789abcdef".repeat(30_000_000 / 16);
        StreamRecord full = WorkerRecords.dms().change(Operation.INSERT, DOCS, null, Row.of("7", body),
                WorkerRecords.transaction(812, "0/16B3748", "2026-11-23T09:59:59.5Z"), 3);
        String key = ObjectKeys.forRecord("large-records/", "orders", "s2k_slot", 0x16B3748L, 3);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(full.data()));
        byte[] pointer = new PointerRecords(RecordFormatName.DMS).pointerRecord(full.data(),
                new LargeRecordPointer("records", key, full.data().length, sha256));

        try (S3Local local = S3Local.start("records");
                S3Client s3 = S3Client.builder().region(Region.US_EAST_1).endpointOverride(local.endpoint())
                        .forcePathStyle(true)
                        // s3rver stores an aws-chunked body undecoded.
                        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
                        .credentialsProvider(StaticCredentialsProvider.create(
                                AwsBasicCredentials.create("local", "local"))).build()) {
            s3.putObject(b -> b.bucket("records").key(key), RequestBody.fromBytes(full.data()));
            ChangeParser parser = ChangeParser.resolvingLargeRecords(new S3LargeRecordFetcher(s3));

            Change change = parser.parse(pointer, full.partitionKey());

            assertThat(change.after().get("body").asText()).isEqualTo(body);
            assertThat(change.position()).isEqualTo(Position.of("0/16B3748", 3));
            s3.deleteObject(b -> b.bucket("records").key(key));
            assertThatThrownBy(() -> parser.parse(pointer, full.partitionKey()))
                    .isInstanceOf(LargeRecordException.class)
                    .hasMessageContaining("cannot read the large record s3://records/" + key);
        }
    }
}
