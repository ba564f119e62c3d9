package io.slot2kinesis.cli;

import io.slot2kinesis.config.DatabaseConfig;
import io.slot2kinesis.config.SettingValues;
import io.slot2kinesis.config.Settings;
import io.slot2kinesis.load.BackfillClient;
import io.slot2kinesis.load.BackfillRequest;
import io.slot2kinesis.load.LoadConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backfill}: asks the worker that runs the slot to re-read a table while it streams, through a row of the
 * signal table; or shows the requests and their progress.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Ask the running worker to re-read a table (in primary key chunks, interleaved correctly with "
                + "live changes), or show backfill progress.")
final class BackfillCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "the table to re-read")
    String table;

    @Option(names = "--where", paramLabel = "SQL", description = "only rows matching this SQL condition")
    String where;

    @Option(names = "--wait", description = "follow the request until it is done")
    boolean await;

    @Option(names = "--status", description = "list this slot's backfill requests and their progress")
    boolean status;

    @Override
    public Integer call() throws Exception {
        SettingValues values = new SettingValues(System.getenv(), SettingOptions.given(spec));
        DatabaseConfig database = DatabaseConfig.from(values);
        String slot = values.get(Settings.SLOT);
        LoadConfig load = LoadConfig.from(values);
        if (table == null && !status) {
            values.problem("backfill needs --table schema.table (or --status)");
        }
        values.requireValid();
        try (BackfillClient client = new BackfillClient(database, slot, load.signalTable())) {
            if (table == null) {
                client.all().forEach(request -> System.out.println(request.describe()));
                return 0;
            }
            long id = client.request(LoadConfig.parseTable(table), where);
            System.out.println("backfill #" + id + " of " + table + " requested in " + load.signalTable()
                    + "; the worker streaming slot '" + slot + "' starts it within seconds (one request at a time)");
            if (!await) {
                return 0;
            }
            while (true) {
                BackfillRequest request = client.find(id).orElseThrow();
                System.out.println(request.describe());
                if (request.finished()) {
                    return request.state().equals("done") ? 0 : 1;
                }
                Thread.sleep(2_000);
            }
        }
    }
}
