package io.slot2kinesis.config;

import io.slot2kinesis.tls.CaBundle;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Value parsers for settings. Each throws {@link IllegalArgumentException} with what is allowed. */
final class Parsers {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]*");
    /** PostgreSQL's NAMEDATALEN - 1: a longer name is silently truncated, so it would name something else. */
    static final int MAX_NAME_BYTES = 63;
    static final String CA_BUNDLE_ADVICE = "point PGSSLROOTCERT at a PEM file of CA certificates (in AWS the RDS bundle "
            + "at /app/rds-ca/global-bundle.pem, in an image built with -Prds-ca: see docs/deploy.md)";

    private Parsers() {}

    static Function<String, String> text() {
        return raw -> {
            if (raw.isBlank()) {
                throw new IllegalArgumentException("must not be empty");
            }
            return raw;
        };
    }

    static Function<String, Integer> integer(int min, int max) {
        return raw -> {
            try {
                int value = Integer.parseInt(raw.trim());
                if (value < min || value > max) {
                    throw new IllegalArgumentException("must be between " + min + " and " + max);
                }
                return value;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("must be a whole number between " + min + " and " + max);
            }
        };
    }

    /** {@code 250ms}, {@code 10s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT10S}); {@code 0} means off. */
    static Function<String, Duration> duration(Duration min, Duration max) {
        return raw -> {
            String value = raw.trim().toLowerCase(Locale.ROOT);
            Duration duration;
            var matcher = DURATION.matcher(value);
            if (value.equals("0")) {
                duration = Duration.ZERO;
            } else if (matcher.matches()) {
                long amount = Long.parseLong(matcher.group(1));
                duration = switch (matcher.group(2)) {
                    case "ms" -> Duration.ofMillis(amount);
                    case "s" -> Duration.ofSeconds(amount);
                    case "m" -> Duration.ofMinutes(amount);
                    default -> Duration.ofHours(amount);
                };
            } else {
                try {
                    duration = Duration.parse(raw.trim().toUpperCase(Locale.ROOT));
                } catch (RuntimeException e) {
                    throw new IllegalArgumentException("must be a duration such as 500ms, 10s, 5m or 1h");
                }
            }
            if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
                throw new IllegalArgumentException("must be between " + human(min) + " and " + human(max));
            }
            return duration;
        };
    }

    static <E extends Enum<E>> Function<String, E> choice(Class<E> type) {
        return raw -> {
            for (E constant : type.getEnumConstants()) {
                if (constant.name().equalsIgnoreCase(raw.trim().replace('-', '_'))) {
                    return constant;
                }
            }
            throw new IllegalArgumentException("is not supported: use " + choices(type));
        };
    }

    static <E extends Enum<E>> String choices(Class<E> type) {
        String[] names = Arrays.stream(type.getEnumConstants())
                .map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .toArray(String[]::new);
        if (names.length == 1) {
            return names[0];
        }
        return String.join(", ", Arrays.copyOf(names, names.length - 1)) + " or " + names[names.length - 1];
    }

    /** A PostgreSQL name we create ourselves: lower case letters, digits and underscores, at most 63 bytes. */
    static Function<String, String> identifier() {
        return identifier(MAX_NAME_BYTES, "");
    }

    /**
     * Like {@link #identifier()}, at most {@code maxBytes} long; {@code why} says why that is less than 63 (empty when
     * it is not). Checked before the letters so that a long name gets the message that names the limit.
     */
    static Function<String, String> identifier(int maxBytes, String why) {
        return raw -> {
            int bytes = raw.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > maxBytes) {
                throw new IllegalArgumentException("is " + bytes + " bytes long: at most " + maxBytes + " are allowed"
                        + why + " (PostgreSQL truncates names to " + MAX_NAME_BYTES + " bytes, NAMEDATALEN-1, so a "
                        + "longer name would silently name something else)");
            }
            if (!IDENTIFIER.matcher(raw).matches()) {
                throw new IllegalArgumentException(
                        "must be 1 to " + maxBytes + " lower-case letters, digits or underscores, not starting with a digit");
            }
            return raw;
        };
    }

    /** A SHA-256 digest as 64 hexadecimal digits (either case), returned in lower case. */
    static Function<String, String> sha256Hex() {
        return raw -> {
            if (!raw.matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("is not a SHA-256 digest: 64 hexadecimal digits are expected");
            }
            return raw.toLowerCase(java.util.Locale.ROOT);
        };
    }

    static Function<String, Path> readableFile() {
        return raw -> {
            Path path = Path.of(raw);
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                throw new IllegalArgumentException("is not a readable file");
            }
            return path;
        };
    }

    /** A PEM file of CA certificates ({@code PGSSLROOTCERT}); a bad one is refused with what to do. */
    static Function<String, Path> caBundle() {
        return raw -> {
            Path path = Path.of(raw);
            try {
                CaBundle.read(path);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage() + ": " + CA_BUNDLE_ADVICE);
            }
            return path;
        };
    }

    static Function<String, URI> httpUri() {
        return raw -> {
            try {
                URI uri = URI.create(raw.trim());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("must be an http:// or https:// URL");
            }
        };
    }

    static Function<String, Long> bytes(long min, long max) {
        return raw -> {
            String value = raw.trim().toUpperCase(Locale.ROOT);
            long factor = 1;
            if (value.endsWith("KB") || value.endsWith("KIB")) {
                factor = 1024;
            } else if (value.endsWith("MB") || value.endsWith("MIB")) {
                factor = 1024 * 1024;
            } else if (value.endsWith("GB") || value.endsWith("GIB")) {
                factor = 1024L * 1024 * 1024;
            }
            String digits = value.replaceAll("[A-Z]+$", "");
            try {
                long result = Math.multiplyExact(Long.parseLong(digits), factor);
                if (result < min || result > max) {
                    throw new IllegalArgumentException("must be between " + min + " and " + max + " bytes");
                }
                return result;
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("must be a size such as 67108864, 64MB or 1GB");
            }
        };
    }

    private static String human(Duration duration) {
        if (duration.isZero()) {
            return "0";
        }
        if (duration.toMillis() % 1000 != 0) {
            return duration.toMillis() + "ms";
        }
        if (duration.toSeconds() % 3600 == 0) {
            return duration.toHours() + "h";
        }
        if (duration.toSeconds() % 60 == 0) {
            return duration.toMinutes() + "m";
        }
        return duration.toSeconds() + "s";
    }
}
