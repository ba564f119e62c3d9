package io.slot2kinesis.deploy;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;

/** {@code ./dev deploy <env> [--mode dms|worker] [--yes]} and {@code ./dev destroy <env> [--yes]}. */
public final class Main {

    static final String USAGE = """
            usage: ./dev deploy <env> [--mode dms|worker] [--yes]
                   ./dev destroy <env> [--yes]
              <env>   an environment of cdk.json (context.environments)
              --mode  overrides the environment's mode
              --yes   no confirmation from cdk (deploy: --require-approval never; destroy: --force)""";

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, Path.of("").toAbsolutePath(), System.out));
    }

    static int run(String[] args, Path root, PrintStream out) {
        if (args.length < 2 || args[1].startsWith("-")) {
            out.println(USAGE);
            return 2;
        }
        String verb = args[0];
        String env = args[1];
        String mode = null;
        boolean yes = false;
        for (int i = 2; i < args.length; i++) {
            switch (args[i]) {
                case "--yes" -> yes = true;
                case "--mode" -> {
                    if (i + 1 >= args.length || !(args[i + 1].equals("dms") || args[i + 1].equals("worker"))) {
                        out.println("--mode needs dms or worker");
                        return 2;
                    }
                    mode = args[++i];
                }
                default -> {
                    out.println("unknown option " + args[i] + "\n" + USAGE);
                    return 2;
                }
            }
        }
        ProcessRunner runner = new SystemProcessRunner(root);
        return switch (verb) {
            case "deploy" -> new DeployCommand(root, AwsClients::forRegion, runner, out, Clock.systemUTC()).run(env, mode, yes);
            case "destroy" -> {
                if (mode != null) {
                    out.println("destroy takes no --mode");
                    yield 2;
                }
                yield new DestroyCommand(root, AwsClients::forRegion, runner, out).run(env, yes);
            }
            default -> {
                out.println(USAGE);
                yield 2;
            }
        };
    }
}
