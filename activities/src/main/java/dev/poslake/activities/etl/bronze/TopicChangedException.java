package dev.poslake.activities.etl.bronze;

/**
 * The topic bronze reads is not the one whose offsets bronze committed: it was deleted and created again under
 * the same name (a new topic id), so its offsets mean other records. Non-retryable: an operator resets the
 * offsets (`pos ops reset-offsets`, audited in the run log).
 */
public final class TopicChangedException extends RuntimeException {
  public TopicChangedException(String topic, String committedId, String currentId) {
    super("Kafka topic " + topic + " was recreated: its id is " + currentId + ", but bronze's offsets belong to the "
        + "topic with id " + committedId + ". Its offsets start again and would skip or repeat records, so "
        + "nothing was read. Reset bronze's offsets to the new topic: `./pos ops pause etl`, then "
        + "`./pos ops reset-offsets --to earliest --note \"why\"`, then `./pos ops resume etl` (README, "
        + "\"Resetting Kafka offsets\")");
  }
}
