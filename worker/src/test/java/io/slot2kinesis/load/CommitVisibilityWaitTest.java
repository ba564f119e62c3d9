package io.slot2kinesis.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommitVisibilityWaitTest {
    /** A database whose transactions end after a given number of polls; the clock moves only when the wait sleeps. */
    private static final class FakeDatabase implements CommitVisibilityWait.Database {
        final List<Long> running;
        final Deque<List<Long>> polls = new ArrayDeque<>();
        final List<List<Long>> asked = new ArrayList<>();
        long now;

        FakeDatabase(List<Long> running) {
            this.running = running;
        }

        @Override
        public List<Long> running() {
            return running;
        }

        @Override
        public List<Long> stillRunning(List<Long> xids) {
            asked.add(xids);
            return polls.isEmpty() ? List.of() : polls.removeFirst();
        }

        @Override
        public String session(long xid) {
            return "backend pid 4242, state idle in transaction";
        }

        CommitVisibilityWait waiter() {
            return new CommitVisibilityWait(this, Duration.ofSeconds(10), () -> now, nanos -> now += nanos);
        }
    }

    private final List<String> reported = new ArrayList<>();

    @Test
    void returnsAtOnceWhenNoTransactionIsRunning() throws Exception {
        FakeDatabase database = new FakeDatabase(List.of());

        long waited = database.waiter().await("chunk 1", reported::add);

        assertThat(waited).isZero();
        assertThat(database.asked).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void pollsOnlyTheTransactionsRunningAtTheStartUntilNoneIsLeft() throws Exception {
        FakeDatabase database = new FakeDatabase(List.of(700L, 701L, 702L));
        database.polls.add(List.of(701L, 702L));
        database.polls.add(List.of(702L));

        long waited = database.waiter().await("chunk 1", reported::add);

        assertThat(database.asked).containsExactly(List.of(700L, 701L, 702L), List.of(701L, 702L), List.of(702L));
        assertThat(waited).as("1 + 2 + 4 ms of backoff").isEqualTo(7_000_000);
        assertThat(reported).as("a short wait is not reported").isEmpty();
    }

    @Test
    void aTransactionOpenLongerThanTenSecondsIsReportedOnceWithItsSessionAndClearedWhenItEnds() throws Exception {
        FakeDatabase database = new FakeDatabase(List.of(900L));
        for (int i = 0; i < 300; i++) {
            database.polls.add(List.of(900L));
        }

        long waited = database.waiter().await("the chunk after key [17]", reported::add);

        assertThat(waited).isGreaterThan(Duration.ofSeconds(25).toNanos());
        assertThat(reported).hasSize(2);
        assertThat(reported.getFirst()).startsWith("waiting 10 s for transaction 900 (backend pid 4242, state idle "
                + "in transaction) to end before reading the chunk after key [17]").contains("commit or roll it back");
        assertThat(reported.getLast()).as("cleared once it ended").isNull();
    }

    @Test
    void pollsBackOffToAtMostOneHundredMilliseconds() throws Exception {
        FakeDatabase database = new FakeDatabase(List.of(5L));
        for (int i = 0; i < 20; i++) {
            database.polls.add(List.of(5L));
        }
        List<Long> sleeps = new ArrayList<>();
        CommitVisibilityWait wait = new CommitVisibilityWait(database, Duration.ofSeconds(10), () -> 0,
                sleeps::add);

        wait.await("chunk", reported::add);

        assertThat(sleeps.subList(0, 4)).containsExactly(1_000_000L, 2_000_000L, 4_000_000L, 8_000_000L);
        assertThat(sleeps).allMatch(nanos -> nanos <= 100_000_000L).contains(100_000_000L);
    }
}
