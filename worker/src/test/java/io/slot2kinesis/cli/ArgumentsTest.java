package io.slot2kinesis.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
    @Test
    void readsSettingsGivenWithAnEqualsSignOrAsTheNextArgument() throws Exception {
        Arguments arguments = Arguments.parse("run", "--S2K_SLOT=orders_slot", "--PGHOST", "db.internal",
                "--S2K_TABLE_MAPPINGS=rules=x.json");
        assertThat(arguments.command()).isEqualTo(WorkerCommand.RUN);
        assertThat(arguments.settings()).isEqualTo(Map.of("S2K_SLOT", "orders_slot", "PGHOST", "db.internal",
                "S2K_TABLE_MAPPINGS", "rules=x.json"));
        assertThat(arguments.help()).isFalse();
        assertThat(arguments.version()).isFalse();
    }

    @Test
    void readsTheCommandsOwnOptionsAndFlagsBesideTheSettings() throws Exception {
        Arguments arguments = Arguments.parse("backfill", "--table", "public.orders", "--where=id > 10", "--wait",
                "--S2K_SLOT=orders_slot");
        assertThat(arguments.option(BackfillCommand.TABLE)).isEqualTo("public.orders");
        assertThat(arguments.option(BackfillCommand.WHERE)).isEqualTo("id > 10");
        assertThat(arguments.flag(BackfillCommand.WAIT)).isTrue();
        assertThat(arguments.flag(BackfillCommand.STATUS)).isFalse();
        assertThat(arguments.settings()).isEqualTo(Map.of("S2K_SLOT", "orders_slot"));
    }

    @Test
    void anOptionOfOneCommandIsUnknownToAnother() {
        assertThatThrownBy(() -> Arguments.parse("run", "--table=public.orders"))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--table'");
    }

    @Test
    void namesAnUnknownOptionWithoutItsValueWhichMayBeASecret() {
        assertThatThrownBy(() -> Arguments.parse("run", "--PGPASWORD=s3cret-value"))
                .isInstanceOf(UsageException.class).hasMessage("unknown option '--PGPASWORD'");
    }

    @Test
    void refusesAnOptionGivenTwiceAMissingValueAndAValueForAFlag() {
        assertThatThrownBy(() -> Arguments.parse("run", "--S2K_SLOT=a", "--S2K_SLOT=b"))
                .hasMessage("option '--S2K_SLOT' is given more than once");
        assertThatThrownBy(() -> Arguments.parse("check", "--PGPASSWORD"))
                .hasMessage("option '--PGPASSWORD' needs a value: --PGPASSWORD=SECRET");
        assertThatThrownBy(() -> Arguments.parse("backfill", "--status=yes"))
                .hasMessage("option '--status' takes no value");
        assertThatThrownBy(() -> Arguments.parse("run", "orders"))
                .hasMessage("unexpected argument 'orders': options are --NAME=VALUE");
    }

    @Test
    void refusesAnUnknownCommandPointingAtTheProgramsHelp() {
        assertThatThrownBy(() -> Arguments.parse("stream"))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown command 'stream': use run, check or backfill")
                .extracting(e -> ((UsageException) e).command()).isNull();
    }

    @Test
    void asksForHelpWithoutArgumentsAndReadsHelpAndVersionAnywhere() throws Exception {
        assertThat(Arguments.parse().help()).isTrue();
        assertThat(Arguments.parse("-V").version()).isTrue();
        assertThat(Arguments.parse("--help").help()).isTrue();
        Arguments runHelp = Arguments.parse("run", "--S2K_SLOT=a", "-h");
        assertThat(runHelp.command()).isEqualTo(WorkerCommand.RUN);
        assertThat(runHelp.help()).isTrue();
        assertThat(Arguments.parse("check", "--version").version()).isTrue();
    }
}
