package io.slot2kinesis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.slot2kinesis.config.Setting;
import io.slot2kinesis.config.Settings;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class WorkerContenderTest {

    @Test
    void benchmarksTheWorkerWithItsDefaultsExceptTheNamedOnes() {
        Map<String, String> defaults = Settings.ALL.stream().filter(setting -> setting.defaultValue() != null)
                .collect(Collectors.toMap(Setting::name, Setting::defaultValue));
        WorkerContender.SETTINGS.forEach((name, value) -> {
            assertThat(defaults).as("worker setting %s", name).containsKey(name);
            if (!WorkerContender.NOT_DEFAULTS.contains(name)) {
                assertThat(value).as("benchmark value of %s (the worker's default is %s)", name, defaults.get(name))
                        .isEqualTo(defaults.get(name));
            }
        });
        assertThat(WorkerContender.SETTINGS).containsKeys(WorkerContender.NOT_DEFAULTS.toArray(String[]::new));
    }

    @Test
    void letsAnOverrideReplaceOneSetting() {
        assertThat(WorkerContender.settings(Map.of("S2K_BATCH_LINGER", "20ms")))
                .containsEntry("S2K_BATCH_LINGER", "20ms").containsEntry("S2K_BATCH_RECORDS", "500");
    }
}
