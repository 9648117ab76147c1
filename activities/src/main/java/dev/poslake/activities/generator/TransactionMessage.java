package dev.poslake.activities.generator;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One Kafka message of topic pos.inventory_change: a transaction, or one part of a split transaction
 * ({@code part}/{@code parts} are null when the message is not split).
 */
public record TransactionMessage(Instant dateTime, UUID transId, int storeId, int changeTypeId, List<Line> items,
    Integer part, Integer parts) {

  /** One item line; quantities are signed (negative leaves the store). */
  public record Line(int itemId, int quantity) {}

  public TransactionMessage {
    if (dateTime.getNano() % 1_000_000 != 0) {
      throw new IllegalArgumentException("date_time must be whole milliseconds: " + dateTime);
    }
    items = List.copyOf(items);
    if ((part == null) != (parts == null)) throw new IllegalArgumentException("part and parts go together");
  }

  public static TransactionMessage of(Instant dateTime, UUID transId, int storeId, int changeTypeId,
      List<Line> items) {
    return new TransactionMessage(dateTime, transId, storeId, changeTypeId, items, null, null);
  }

  /** Kafka key: the trans_id, so every part (and both BOPIS rows) land in one partition. */
  public String key() {
    return transId.toString();
  }

  public TransactionMessage withStore(int otherStoreId) {
    return new TransactionMessage(dateTime, transId, otherStoreId, changeTypeId, items, part, parts);
  }

  public TransactionMessage asPart(int k, int n, List<Line> partItems) {
    return new TransactionMessage(dateTime, transId, storeId, changeTypeId, partItems, k, n);
  }
}
