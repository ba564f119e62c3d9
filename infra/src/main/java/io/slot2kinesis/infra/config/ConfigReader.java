package io.slot2kinesis.infra.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads one JSON object of cdk.json context; every error names the full dotted key. */
final class ConfigReader {
    private final String path;
    private final Map<?, ?> values;

    ConfigReader(String path, Map<?, ?> values) {
        this.path = path;
        this.values = values;
    }

    String key(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    boolean has(String name) {
        return values.get(name) != null;
    }

    ConfigReader object(String name) {
        Object value = values.get(name);
        if (value == null) {
            return new ConfigReader(key(name), Map.of());
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new ConfigException(key(name) + " must be a JSON object");
        }
        return new ConfigReader(key(name), map);
    }

    String string(String name, String allowed) {
        String value = optionalString(name);
        if (value == null || value.isBlank()) {
            throw new ConfigException(key(name) + " is required: use " + allowed);
        }
        return value;
    }

    String stringOr(String name, String defaultValue) {
        String value = optionalString(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    String optionalString(String name) {
        Object value = values.get(name);
        if (value == null) {
            return null;
        }
        if (value instanceof Map || value instanceof List) {
            throw new ConfigException(key(name) + " must be a string");
        }
        return value.toString();
    }

    String matching(String name, String regex, String allowed) {
        String value = string(name, allowed);
        if (!value.matches(regex)) {
            throw new ConfigException(key(name) + " '" + value + "' is not valid: use " + allowed);
        }
        return value;
    }

    String oneOf(String name, String defaultValue, String... allowed) {
        String value = stringOr(name, defaultValue);
        if (!List.of(allowed).contains(value)) {
            throw new ConfigException(key(name) + " '" + value + "' is not supported: use " + String.join(" or ", allowed));
        }
        return value;
    }

    int integer(String name, int defaultValue, int min, int max) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        return checkRange(name, toLong(name, value), min, max);
    }

    int requiredInteger(String name, int min, int max) {
        if (values.get(name) == null) {
            throw new ConfigException(key(name) + " is required: use " + min + ".." + max);
        }
        return integer(name, 0, min, max);
    }

    long longValue(String name, long defaultValue, long min, long max) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        long parsed = toLong(name, value);
        if (parsed < min || parsed > max) {
            throw new ConfigException(key(name) + " " + parsed + " is out of range: use " + min + ".." + max);
        }
        return parsed;
    }

    boolean bool(String name, boolean defaultValue) {
        Object value = values.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        return switch (value.toString()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new ConfigException(key(name) + " '" + value + "' is not a boolean: use true or false");
        };
    }

    List<String> strings(String name) {
        Object value = values.get(name);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new ConfigException(key(name) + " must be a JSON array of strings");
        }
        List<String> result = new ArrayList<>();
        for (Object item : list) {
            result.add(String.valueOf(item));
        }
        return List.copyOf(result);
    }

    private int checkRange(String name, long value, int min, int max) {
        if (value < min || value > max) {
            throw new ConfigException(key(name) + " " + value + " is out of range: use " + min + ".." + max);
        }
        return (int) value;
    }

    private long toLong(String name, Object value) {
        if (value instanceof Number number) {
            if (number.doubleValue() != Math.rint(number.doubleValue())) {
                throw new ConfigException(key(name) + " " + value + " is not a whole number");
            }
            return number.longValue();
        }
        try {
            return Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(key(name) + " '" + value + "' is not a whole number");
        }
    }
}
