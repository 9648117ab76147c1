package dev.poslake.activities.etl.reprocess;

import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.nio.ByteBuffer;
import java.time.OffsetDateTime;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/** The reject rows a request selects: not marked reprocessed, of its reason, rejected since its time. */
final class RejectSelection {
  interface Visitor {
    void accept(RejectId id, String reason, byte[] rawValue);
  }

  private RejectSelection() {}

  static Expression filter(ReprocessRequest request) {
    Expression f = Expressions.isNull(RejectedInventoryChangeTable.REPROCESS_ID);
    if (request.reason() != null) f = Expressions.and(f, Expressions.equal(RejectedInventoryChangeTable.REASON,
        request.reason()));
    if (request.sinceMillis() != null) f = Expressions.and(f, Expressions.greaterThanOrEqual(
        RejectedInventoryChangeTable.REJECTED_AT, Math.multiplyExact(request.sinceMillis(), 1000L)));
    return f;
  }

  /** As of snapshot {@code asOf} (null: the table has none, nothing selected). */
  static void forEach(Table rejected, Long asOf, ReprocessRequest request, Visitor visitor) {
    if (asOf == null) return;
    TableReader.of(rejected).snapshot(asOf).where(filter(request))
        .select(RejectedInventoryChangeTable.TOPIC, RejectedInventoryChangeTable.SOURCE_PARTITION,
            RejectedInventoryChangeTable.SOURCE_OFFSET, RejectedInventoryChangeTable.RAW_VALUE,
            RejectedInventoryChangeTable.REASON, RejectedInventoryChangeTable.REJECTED_AT,
            RejectedInventoryChangeTable.REPROCESS_ID)
        .forEach(r -> {
          // the scan's filter prunes files; rows are checked here too (it need not filter every row)
          if (r.getField(RejectedInventoryChangeTable.REPROCESS_ID) != null) return;
          String reason = (String) r.getField(RejectedInventoryChangeTable.REASON);
          if (request.reason() != null && !request.reason().equals(reason)) return;
          RejectId id = id(r);
          if (request.sinceMillis() != null && id.rejectedAtMicros() < request.sinceMillis() * 1000L) return;
          visitor.accept(id, reason, bytes((ByteBuffer) r.getField(RejectedInventoryChangeTable.RAW_VALUE)));
        });
  }

  static RejectId id(Record r) {
    OffsetDateTime at = (OffsetDateTime) r.getField(RejectedInventoryChangeTable.REJECTED_AT);
    long micros = Math.addExact(Math.multiplyExact(at.toEpochSecond(), 1_000_000L), at.getNano() / 1_000);
    return new RejectId((String) r.getField(RejectedInventoryChangeTable.TOPIC),
        (Integer) r.getField(RejectedInventoryChangeTable.SOURCE_PARTITION),
        (Long) r.getField(RejectedInventoryChangeTable.SOURCE_OFFSET), micros);
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) return null;
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }
}
