package io.slot2kinesis.localstack.kinesis;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code FastKinesis} as a command for the benchmark and the demo:
 * <pre>
 * java -cp local-stack.jar io.slot2kinesis.localstack.kinesis.FastKinesis \
 *     --port 4567 --stream changes:4 --enforce-limits --retain-last 1000
 * </pre>
 * Prints {@code FastKinesis ready at <endpoint>} once it listens, and runs until it is stopped.
 */
public final class FastKinesisCommand {

    static final String USAGE = """
            usage: FastKinesis [--host ADDRESS] [--port PORT] [--region REGION] [--stream NAME:SHARDS]...
                               [--enforce-limits] [--retain-last N]
              --host            address to listen on (default 127.0.0.1)
              --port            port to listen on, 0 for any free port (default 4567)
              --region          region in stream ARNs (default us-east-1)
              --stream          stream to create at start, repeatable, e.g. --stream changes:4
              --enforce-limits  apply the per-shard limits: 1,000 records/s and 1 MiB/s
              --retain-last     keep only the newest N records per shard (default: keep all)
            """;

    private FastKinesisCommand() {
    }

    public static void main(String[] args) throws InterruptedException {
        FastKinesisOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("FastKinesis: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        FastKinesis kinesis = FastKinesis.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kinesis.close();
            stopped.countDown();
        }, "fastkinesis-shutdown"));
        System.out.println("FastKinesis ready at " + kinesis.endpoint() + " streams=" + options.streams()
                + " enforceLimits=" + options.enforceLimits() + " retainLastPerShard="
                + (options.retainLastPerShard() == 0 ? "all" : options.retainLastPerShard()));
        System.out.flush();
        stopped.await();
    }

    static FastKinesisOptions parse(String[] args) {
        FastKinesisOptions options = FastKinesisOptions.onPort(4567);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            try {
                switch (arg) {
                    case "--host" -> options = options.withHost(value(args, ++i, arg));
                    case "--port" -> options = new FastKinesisOptions(options.host(),
                            Integer.parseInt(value(args, ++i, arg)), options.region(), options.enforceLimits(),
                            options.retainLastPerShard(), options.streams());
                    case "--region" -> options = options.withRegion(value(args, ++i, arg));
                    case "--stream" -> {
                        FastKinesisOptions.StreamSpec spec = FastKinesisOptions.StreamSpec.parse(value(args, ++i, arg));
                        options = options.withStream(spec.name(), spec.shards());
                    }
                    case "--enforce-limits" -> options = options.withEnforceLimits(true);
                    case "--retain-last" -> options = options.withRetainLastPerShard(
                            Integer.parseInt(value(args, ++i, arg)));
                    case "--help", "-h" -> throw new IllegalArgumentException("help requested");
                    default -> problems.add("unknown argument '" + arg + "'");
                }
            } catch (NumberFormatException e) {
                problems.add(arg + " needs a number, got '" + args[i] + "'");
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return options;
    }

    private static String value(String[] args, int index, String flag) {
        if (index >= args.length) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[index];
    }
}
