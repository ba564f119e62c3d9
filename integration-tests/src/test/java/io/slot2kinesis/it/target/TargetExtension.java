package io.slot2kinesis.it.target;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the {@link Target} chosen by {@code -Ds2k.target}, started once per test run and closed at its end.
 * When the target cannot start (no outputs file, no credentials, no Docker), every test that needs it fails with the
 * reason.
 */
public final class TargetExtension implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(
            TargetExtension.class);

    /** Holds the target, or why there is none, so a failed start is reported to every test, not retried. */
    private record Started(Target target, RuntimeException failure) implements AutoCloseable {
        @Override
        public void close() {
            if (target != null) {
                target.close();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Target.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Started started = context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, key -> start(),
                Started.class);
        if (started.failure() != null) {
            throw new ParameterResolutionException(started.failure().getMessage(), started.failure());
        }
        return started.target();
    }

    private static Started start() {
        Map<String, String> properties = new HashMap<>();
        System.getProperties().forEach((k, v) -> properties.put(k.toString(), v.toString()));
        try {
            return new Started(Targets.select(properties, System.getenv()), null);
        } catch (RuntimeException e) {
            return new Started(null, e);
        }
    }
}
