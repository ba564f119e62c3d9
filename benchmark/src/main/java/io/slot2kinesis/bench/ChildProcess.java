package io.slot2kinesis.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JVM under test, run as its own process with its output in a log file; its resource use is read from
 * {@code /proc} (peak RSS, CPU time) and from its GC log (heap).
 */
final class ChildProcess implements AutoCloseable {
    private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private final String name;
    private final Process process;
    private final Path log;
    private final Path gcLog;
    private final long launchedNanos;
    private Path flightRecording;

    private ChildProcess(String name, Process process, Path log, Path gcLog, long launchedNanos) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.gcLog = gcLog;
        this.launchedNanos = launchedNanos;
    }

    /**
     * Asks {@link #stop} to dump the process's flight recording named {@link #RECORDING} to {@code file} first: the
     * worker ends with {@code Runtime.halt} after SIGTERM, so a recording's dump-on-exit never runs.
     */
    ChildProcess dumpFlightRecordingOnStop(Path file) {
        this.flightRecording = file;
        return this;
    }

    static final String RECORDING = "bench";

    /**
     * Starts {@code command} in {@code directory} with exactly {@code environment} (plus PATH and HOME), its
     * stdout and stderr going to {@code log}; {@code gcLog} is where the command's {@code -Xlog:gc} writes.
     */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path directory,
            Path log, Path gcLog) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        String path = env.get("PATH");
        String home = env.get("HOME");
        env.clear();
        env.put("PATH", path == null ? "/usr/bin:/bin" : path);
        if (home != null) {
            env.put("HOME", home);
        }
        env.putAll(environment);
        try {
            long launched = System.nanoTime();
            return new ChildProcess(name, builder.start(), log, gcLog, launched);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command) + "): "
                    + e.getMessage(), e);
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or acknowledged on the way out. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    long launchedNanos() {
        return launchedNanos;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /** Peak resident set size and CPU time so far; read while the process runs. */
    Usage usage() {
        try {
            long peakKb = 0;
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    peakKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the command name: field 3 (state) is index 0, so utime (14) and stime (15) are 11 and 12.
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new Usage(peakKb * 1024, (double) ticks / CLOCK_TICKS_PER_SECOND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc for " + name + " (PID " + pid() + "; exited? see "
                    + log + ")", e);
        }
    }

    /**
     * CPU seconds by thread kind (digits in thread names folded to N), from {@code /proc/<pid>/task}: where the
     * process's CPU time went, e.g. the reading thread, the HTTP threads, the JIT compiler, the collector.
     */
    Map<String, Double> cpuByThread() {
        Map<String, Double> seconds = new java.util.TreeMap<>();
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("\\d+", "N");
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12]))
                            / (double) CLOCK_TICKS_PER_SECOND;
                    seconds.merge(comm, cpu, Double::sum);
                } catch (IOException threadEnded) {
                    // a thread that ended between the listing and the read has no stat left to count
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        seconds.values().removeIf(cpu -> cpu < 0.05);
        return seconds;
    }

    /** The largest heap occupancy before and after a collection, from the GC log; zeros if it never collected. */
    Heap heap() {
        long before = 0;
        long after = 0;
        try {
            if (Files.exists(gcLog)) {
                for (String line : Files.readAllLines(gcLog)) {
                    Matcher m = GC_PAUSE.matcher(line);
                    if (line.contains("Pause") && m.find()) {
                        before = Math.max(before, bytes(m.group(1), m.group(2)));
                        after = Math.max(after, bytes(m.group(3), m.group(4)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the GC log " + gcLog, e);
        }
        return new Heap(before, after);
    }

    private static long bytes(String number, String unit) {
        long n = Long.parseLong(number);
        return switch (unit) {
            case "K" -> n * 1024;
            case "M" -> n * 1024 * 1024;
            default -> n * 1024 * 1024 * 1024;
        };
    }

    /** Sends SIGTERM and waits up to {@code grace} for a clean exit, then kills it; returns the exit code. */
    int stop(Duration grace) {
        if (flightRecording != null && process.isAlive()) {
            dumpFlightRecording();
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        return process.isAlive() ? -1 : process.exitValue();
    }

    private void dumpFlightRecording() {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), "JFR.dump", "name=" + RECORDING,
                    "filename=" + flightRecording.toAbsolutePath()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            if (!dump.waitFor(60, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
                System.err.println("jcmd JFR.dump for " + name + " did not finish in 60 s; no recording in "
                        + flightRecording);
            }
        } catch (IOException e) {
            System.err.println("cannot dump the flight recording of " + name + " with " + jcmd + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of its output, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(30));
        }
    }

    /** Peak RSS in bytes and CPU seconds (user + system). */
    record Usage(long peakRssBytes, double cpuSeconds) {}

    /** Largest heap occupancy seen by the collector, before a collection (garbage included) and after it (live). */
    record Heap(long maxBeforeGcBytes, long maxAfterGcBytes) {}
}
