package dev.poslake.activities.etl.silver;

import static dev.poslake.activities.etl.silver.SilverProcessorTest.T;
import static dev.poslake.activities.etl.silver.SilverProcessorTest.changes;
import static dev.poslake.activities.etl.silver.SilverProcessorTest.silver;
import static dev.poslake.activities.etl.support.EtlFixture.message;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.etl.support.EtlFixture;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * trans_ids that are not UUIDs (what real POS feeds send) through silver on the real stack: kept verbatim, each
 * distinct id once, re-deliveries dropped within a group, across groups (one group per Kafka partition here) and
 * against what silver already holds, while UUIDs in any of their forms de-duplicate as before.
 */
@ExtendWith(PosStackExtension.class)
class SilverTransIdTest {
  private static final String POS = "T-0001-20260301-000123";
  private static final String NEXT = "T-0001-20260301-000124"; // one character apart
  private static final String LOWER = "t-0001-20260301-000123"; // differs only in case
  private static final String SPACED = "T-0001-20260301-000123 "; // differs only by a trailing blank

  @Test
  void posTransIdsAreKeptOnceEachAndReDeliveriesAreDropped(PosConfig config) throws Exception {
    try (EtlFixture f = EtlFixture.create(SilverProcessorTest.groupPerFile(config), true)) {
      String m = message(POS, 1, 1, T, new int[][] {{100001, -1}, {100002, -2}}, null, null);
      f.send(0, POS, m);
      f.send(0, POS, m); // re-delivery in the same group
      f.send(3, POS, m); // and in another group: the lower partition's is kept
      f.send(1, NEXT, message(NEXT, 1, 1, T, new int[][] {{100003, -3}}, null, null));
      f.send(2, LOWER, message(LOWER, 1, 1, T, new int[][] {{100004, -4}}, null, null));
      f.send(2, SPACED, message(SPACED, 1, 1, T, new int[][] {{100005, -5}}, null, null));
      // BOPIS under a POS id: the online store's and the fulfilling store's rows are both real
      f.send(4, POS, message(POS, 0, 4, T, new int[][] {{100006, -6}}, null, null));
      // a UUID sent plain and braced upper case is still one transaction
      String u = UUID.randomUUID().toString();
      f.send(5, u, message(u, 1, 1, T, new int[][] {{100007, -7}}, null, null));
      f.send(6, u, message("{" + u.toUpperCase() + "}", 1, 1, T, new int[][] {{100007, -7}}, null, null));
      SilverProcessorTest.bronze(f);

      SilverResult r = silver(f);
      assertEquals(9, r.bronzeRecordsRead());
      assertEquals(0, r.rejected());
      assertEquals(3, r.duplicatesDropped());
      Map<String, Integer> rows = changes(f);
      assertEquals(Map.of(POS + "/1/0/0", -1, POS + "/1/0/1", -2, NEXT + "/1/0/0", -3, LOWER + "/1/0/0", -4,
          SPACED + "/1/0/0", -5, POS + "/0/0/0", -6, u + "/1/0/0", -7), rows);
      Record kept = f.rows(InventoryChangeTable.NAME).stream()
          .filter(x -> x.getField("trans_id").equals(POS) && x.getField("store_id").equals(1)).findFirst()
          .orElseThrow();
      assertEquals(0, kept.getField("source_partition"));
      assertEquals(0L, kept.getField("source_offset"));

      // a later run: late re-deliveries of a POS id and of the UUID (in its other form) against silver's rows are
      // dropped; a new id close to the old ones is kept
      String later = "T-0001-20260301-000125";
      f.send(7, POS, m);
      f.send(7, u, message("{" + u.toUpperCase() + "}", 1, 1, T, new int[][] {{100007, -7}}, null, null));
      f.send(7, NEXT, message(NEXT, 1, 1, T, new int[][] {{100003, -3}}, null, null));
      f.send(7, later, message(later, 1, 1, T, new int[][] {{100008, -8}}, null, null));
      SilverProcessorTest.bronze(f);
      SilverResult r2 = silver(f);
      assertEquals(4, r2.bronzeRecordsRead());
      assertEquals(3, r2.duplicatesDropped());
      assertEquals(1, r2.changeRows());
      assertEquals(8, changes(f).size());
      assertEquals(-8, changes(f).get(later + "/1/0/0"));
    }
  }
}
