package io.slot2kinesis.infra.config;

import java.util.Map;
import java.util.function.Function;

/**
 * The ECS Fargate task. The image is {@code image} (a tag, or a digest {@code sha256:...}) in the environment's ECR
 * repository, or built from {@code worker/} for {@code cpuArchitecture} when {@code imageFromAsset} (Docker at
 * deploy time). {@code image} is null when nothing names one: the stack then refuses to deploy (see WorkerService).
 * {@code oversize} is what the worker does with a record above the stream's maximum record size: {@code stop},
 * {@code skip}, or {@code s3} (the record goes to the large-record bucket and a pointer to the stream, see
 * LargeRecordBucket); {@code largeRecordExpiryMarginDays} is how long such an object outlives the stream's retention.
 * {@code tableGroups} is the table groups file (null: one implicit group), see {@link TableGroupsSetting}.
 */
public record WorkerConfig(
        int cpu, int memoryMiB, CpuArchitecture cpuArchitecture, String image, boolean imageFromAsset, String format,
        String oversize, int logRetentionDays, int largeRecordExpiryMarginDays, TableGroupsSetting tableGroups) {

    /** The {@code oversize} value that writes large records to S3. */
    public static final String OVERSIZE_S3 = "s3";
    /**
     * One day past the stream's retention (itself rounded up to whole days): a consumer that reads a pointer just
     * before the stream drops it still finds the object while it retries or works through a slow batch.
     */
    public static final int DEFAULT_EXPIRY_MARGIN_DAYS = 1;

    /** Context keys that name the image on the command line. */
    public static final String IMAGE_TAG = "workerImageTag";
    public static final String IMAGE_DIGEST = "workerImageDigest";
    public static final String IMAGE_FROM_ASSET = "workerImageFromAsset";

    private static final int[][] FARGATE_SIZES = {
        {256, 512, 2048}, {512, 1024, 4096}, {1024, 2048, 8192}, {2048, 4096, 16384}, {4096, 8192, 30720}};

    /** Whether records above the stream's limit go to S3 (worker mode only: DMS has no such option). */
    public boolean largeRecordsToS3() {
        return OVERSIZE_S3.equals(oversize);
    }

    /** Whether the command line or cdk.json names an image (else the stack carries a deploy-time refusal). */
    public boolean imageNamed() {
        return image != null || imageFromAsset;
    }

    static WorkerConfig read(ConfigReader worker, Function<String, Object> context) {
        int cpu = worker.integer("cpu", 512, 256, 4096);
        int memory = worker.integer("memoryMiB", 1024, 512, 30720);
        checkFargateSize(worker, cpu, memory);
        Object fromAssetOverride = context.apply(IMAGE_FROM_ASSET);
        boolean fromAsset = fromAssetOverride != null
                ? new ConfigReader("", Map.of(IMAGE_FROM_ASSET, fromAssetOverride)).bool(IMAGE_FROM_ASSET, false)
                : worker.bool("imageFromAsset", false);
        return new WorkerConfig(
                cpu, memory,
                CpuArchitecture.parse(worker.key("cpuArchitecture"), worker.stringOr("cpuArchitecture", "x86_64")),
                image(worker, context),
                fromAsset,
                worker.oneOf("format", "dms", "dms", "debezium"),
                worker.oneOf("oversize", "stop", "stop", "skip", OVERSIZE_S3),
                worker.oneOf("logRetentionDays", "30", "7", "14", "30", "90", "180", "365").transform(Integer::parseInt),
                worker.integer("largeRecordExpiryMarginDays", DEFAULT_EXPIRY_MARGIN_DAYS, 0, 365),
                TableGroupsSetting.read(worker, context));
    }

    /** {@code -c workerImageDigest}, else {@code -c workerImageTag}, else {@code worker.imageTag}; never latest. */
    private static String image(ConfigReader worker, Function<String, Object> context) {
        Object digest = context.apply(IMAGE_DIGEST);
        Object tag = context.apply(IMAGE_TAG);
        if (digest != null && tag != null) {
            throw new ConfigException(IMAGE_DIGEST + " and " + IMAGE_TAG + " are both set: name the image by one of them");
        }
        if (digest != null) {
            if (!digest.toString().matches("sha256:[0-9a-f]{64}")) {
                throw new ConfigException(IMAGE_DIGEST + " '" + digest + "' is not valid: use sha256: and 64 hex digits");
            }
            return digest.toString();
        }
        String key = tag != null ? IMAGE_TAG : worker.key("imageTag");
        String value = tag != null ? tag.toString() : worker.optionalString("imageTag");
        if (value == null) {
            return null;
        }
        if (value.equals("latest")) {
            throw new ConfigException(key + " 'latest' names no particular image (the repository's tags are immutable):"
                    + " use the tag the image was pushed with, e.g. -c " + IMAGE_TAG + "=$(git rev-parse --short HEAD)");
        }
        if (!value.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new ConfigException(key + " '" + value + "' is not valid: use an image tag of letters, digits, '_', '.' or '-'");
        }
        return value;
    }

    private static void checkFargateSize(ConfigReader worker, int cpu, int memory) {
        for (int[] size : FARGATE_SIZES) {
            if (size[0] == cpu) {
                if (memory < size[1] || memory > size[2] || memory % 1024 != 0 && memory != 512) {
                    throw new ConfigException(worker.key("memoryMiB") + " " + memory + " does not fit cpu " + cpu
                            + ": use " + size[1] + ".." + size[2] + " in steps of 1024");
                }
                return;
            }
        }
        throw new ConfigException(worker.key("cpu") + " " + cpu + " is not a Fargate size: use 256, 512, 1024, 2048 or 4096");
    }
}
