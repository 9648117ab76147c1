package dev.poslake.activities.etl.bronze;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Kafka retention deleted offsets that bronze had not read yet. Retrying cannot bring them back: the ETL stops
 * (non-retryable) until an operator acknowledges the loss (`pos ops acknowledge-loss`) or allows it by setting.
 */
public final class DataLossException extends RuntimeException {
  private final List<LostRange> lost;

  public DataLossException(String topic, List<LostRange> lost) {
    super("DATA LOSS: Kafka retention deleted offsets of " + topic + " that bronze had not read: "
        + lost.stream().map(LostRange::toString).collect(Collectors.joining(", ")) + " ("
        + lost.stream().mapToLong(LostRange::size).sum() + " records). Nothing was ingested. To skip them and record "
        + "the loss: `./pos ops acknowledge-loss --note \"why\"` (or set POS_ETL_ACCEPT_DATA_LOSS=true); see the "
        + "README, \"Lost Kafka offsets\"");
    this.lost = List.copyOf(lost);
  }

  public List<LostRange> lost() {
    return lost;
  }
}
