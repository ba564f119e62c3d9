package io.slot2kinesis.consumer;

/** Your code: receives each change once it has passed the duplicate and order checks. */
@FunctionalInterface
public interface ChangeHandler {

    /**
     * Handles one change. Throwing stops the batch at this record: it is retried (Lambda, KCL) and no later
     * record of the batch is handed over before it succeeds.
     */
    void handle(Change change) throws Exception;
}
