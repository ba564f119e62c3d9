package io.slot2kinesis.infra.config;

/**
 * The ECS Fargate task. The image is {@code imageTag} in the environment's ECR repository, or built
 * from {@code worker/} when {@code imageFromAsset} (Docker at deploy time).
 */
public record WorkerConfig(
        int cpu, int memoryMiB, String imageTag, boolean imageFromAsset, String format, String oversize,
        int logRetentionDays) {

    private static final int[][] FARGATE_SIZES = {
        {256, 512, 2048}, {512, 1024, 4096}, {1024, 2048, 8192}, {2048, 4096, 16384}, {4096, 8192, 30720}};

    static WorkerConfig read(ConfigReader worker, String imageTagOverride, Boolean fromAssetOverride) {
        int cpu = worker.integer("cpu", 512, 256, 4096);
        int memory = worker.integer("memoryMiB", 1024, 512, 30720);
        checkFargateSize(worker, cpu, memory);
        String tag = imageTagOverride != null ? imageTagOverride : worker.stringOr("imageTag", "latest");
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")) {
            throw new ConfigException("workerImageTag '" + tag + "' is not valid: use an image tag of letters, digits, '_', '.' or '-'");
        }
        boolean fromAsset = fromAssetOverride != null ? fromAssetOverride : worker.bool("imageFromAsset", false);
        return new WorkerConfig(
                cpu, memory, tag, fromAsset,
                worker.oneOf("format", "dms", "dms", "debezium"),
                worker.oneOf("oversize", "stop", "stop", "skip"),
                worker.oneOf("logRetentionDays", "30", "7", "14", "30", "90", "180", "365").transform(Integer::parseInt));
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
