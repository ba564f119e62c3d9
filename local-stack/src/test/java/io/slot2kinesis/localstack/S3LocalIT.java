package io.slot2kinesis.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class S3LocalIT {

    @Test
    void storesAndReturnsAnObjectByPathStyleKeyAndIgnoresTheEncryptionHeader() throws Exception {
        try (S3Local s3 = S3Local.start("records")) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI object = URI.create(s3.endpoint() + "/records/large-records/s/0000000001000028/3.json");
            HttpResponse<String> put = http.send(HttpRequest.newBuilder(object)
                    .header("x-amz-server-side-encryption", "aws:kms")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"data\":{}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(put.statusCode()).isEqualTo(200);

            HttpResponse<String> get = http.send(HttpRequest.newBuilder(object).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(get.statusCode()).isEqualTo(200);
            assertThat(get.body()).isEqualTo("{\"data\":{}}");
            assertThat(http.send(HttpRequest.newBuilder(URI.create(s3.endpoint() + "/records/absent")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }
}
