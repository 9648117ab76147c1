package dev.poslake.activities.etl.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A valid transaction part: everything in it has been checked against the schema and the reference data.
 *
 * @param dateTime   the message's date_time, truncated to microseconds
 * @param transId    canonical trans_id ({@link TransIds#canonical}): a UUID in lower case without braces, or the id as sent
 * @param part       0-based part index (0 when the message has no part/parts)
 * @param parts      number of parts (1 when the message has no part/parts)
 * @param lines      the exploded items, in message order, never empty
 * @param dedupKey   the de-duplication key of this part, {@code DedupKey.of(transId, storeId, part)}: duplicate
 *                   deliveries of the same message share it (built by the parser from the trans_id it parsed, so
 *                   the id is not parsed again per part)
 */
public record ParsedTransaction(Instant dateTime, String transId, int storeId, int changeTypeId, int part, int parts,
    List<ChangeLine> lines, DedupKey dedupKey) implements ParseResult {

  public ParsedTransaction {
    Objects.requireNonNull(dateTime, "dateTime");
    Objects.requireNonNull(transId, "transId");
    Objects.requireNonNull(dedupKey, "dedupKey");
    if (dedupKey.storeId() != storeId || dedupKey.part() != part) {
      throw new IllegalArgumentException("key " + dedupKey + " is not of store " + storeId + ", part " + part);
    }
    lines = List.copyOf(lines);
    if (parts < 1 || part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
  }

  /** The lines as gold-rule inputs. */
  public List<ChangeRow> toChangeRows() {
    List<ChangeRow> rows = new ArrayList<>(lines.size());
    for (ChangeLine l : lines) {
      rows.add(new ChangeRow(storeId, l.itemId(), dateTime, changeTypeId, l.quantity()));
    }
    return rows;
  }
}
