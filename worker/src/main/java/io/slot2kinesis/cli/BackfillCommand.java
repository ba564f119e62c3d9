package io.slot2kinesis.cli;

import io.slot2kinesis.config.DatabaseConfig;
import io.slot2kinesis.config.SettingValues;
import io.slot2kinesis.config.Settings;
import io.slot2kinesis.load.BackfillClient;
import io.slot2kinesis.load.BackfillRequest;
import io.slot2kinesis.load.LoadConfig;

/**
 * {@code backfill}: asks the worker that runs the slot to re-read a table while it streams, through a row of the
 * signal table; or shows the requests and their progress.
 */
final class BackfillCommand {
    static final String TABLE = "--table";
    static final String WHERE = "--where";
    static final String WAIT = "--wait";
    static final String STATUS = "--status";

    private BackfillCommand() {}

    static int backfill(Arguments arguments) throws Exception {
        String table = arguments.option(TABLE);
        String where = arguments.option(WHERE);
        boolean await = arguments.flag(WAIT);
        boolean status = arguments.flag(STATUS);
        SettingValues values = new SettingValues(System.getenv(), arguments.settings());
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
