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
 */
public record ParsedTransaction(
    Instant dateTime, String transId, int storeId, int changeTypeId, int part, int parts, List<ChangeLine> lines)
    implements ParseResult {

  public ParsedTransaction {
    Objects.requireNonNull(dateTime, "dateTime");
    Objects.requireNonNull(transId, "transId");
    lines = List.copyOf(lines);
    if (parts < 1 || part < 0 || part >= parts) {
      throw new IllegalArgumentException("part " + part + " of " + parts);
    }
  }

  /** The de-duplication key of this part: duplicate deliveries of the same message share it. */
  public DedupKey dedupKey() {
    return DedupKey.of(transId, storeId, part);
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
