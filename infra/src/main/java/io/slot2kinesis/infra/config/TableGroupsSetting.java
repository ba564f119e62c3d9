package io.slot2kinesis.infra.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The table groups file an environment names: {@code worker.tableGroups} in cdk.json, or {@code -c tableGroups=<path>}
 * over it. The path is relative to the repository root and lies inside {@code dms-mappings/}, the folder the worker
 * image carries at {@code /app/dms-mappings} (worker/pom.xml, Jib extraDirectories): so the task reads the very file
 * synth checked. {@code key} is the setting as messages name it.
 */
public record TableGroupsSetting(String key, String path) {
    /** The context key that overrides {@code worker.tableGroups} on the command line. */
    public static final String CONTEXT_KEY = "tableGroups";
    /** The repository folder the worker image carries, and where it puts it. */
    public static final String FOLDER = "dms-mappings";
    public static final String FOLDER_IN_IMAGE = "/app/" + FOLDER;

    /** Where the worker's container finds the file (its S2K_TABLE_GROUPS). */
    public String pathInImage() {
        return inImage(path);
    }

    /** Where the worker's container finds {@code path}, a path inside {@link #FOLDER} relative to the repository. */
    public static String inImage(String path) {
        return "/app/" + path;
    }

    /**
     * {@code value}, normalized, when it is a path relative to the repository root inside {@link #FOLDER}: the
     * worker image carries only that folder; else a {@link ConfigException} naming {@code key}.
     */
    static String inMappingsFolder(String key, String value, String exampleName) {
        String example = ": use a path relative to the repository root inside " + FOLDER + "/, e.g. " + FOLDER + "/"
                + exampleName;
        Path path;
        try {
            path = Path.of(value.trim()).normalize();
        } catch (InvalidPathException e) {
            throw new ConfigException(key + " '" + value + "' is not a path" + example);
        }
        if (value.isBlank() || path.isAbsolute() || path.getNameCount() < 2 || !path.getName(0).toString().equals(FOLDER)) {
            throw new ConfigException(key + " '" + value + "' is not inside " + FOLDER + "/" + example
                    + " (the worker image carries only that folder, at " + FOLDER_IN_IMAGE + ")");
        }
        return path.toString().replace('\\', '/');
    }

    /** The setting, or null when neither the command line nor the environment names a file (one implicit group). */
    static TableGroupsSetting read(ConfigReader worker, Function<String, Object> context) {
        Object override = context.apply(CONTEXT_KEY);
        String key = override != null ? CONTEXT_KEY : worker.key("tableGroups");
        String value = override != null ? override.toString() : worker.optionalString("tableGroups");
        if (value == null) {
            return null;
        }
        return new TableGroupsSetting(key, inMappingsFolder(key, value, "table-groups-dev.json"));
    }
}
