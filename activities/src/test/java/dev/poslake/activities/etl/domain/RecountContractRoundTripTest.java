package dev.poslake.activities.etl.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.generator.RecountEvent;
import dev.poslake.activities.generator.SnapshotCsv;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the generator writes is what the ETL reads: key, header, columns and time format come from one place. */
class RecountContractRoundTripTest {
  @Test
  void generatorRecountParsesBackToTheSameRows() {
    Instant t = Instant.parse("2026-11-25T10:15:07Z");
    RecountEvent r = RecountEvent.of(2, t, 4321, new int[] {100001, 100002, 200000}, new int[] {5, 0, -3});
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    SnapshotCsv.write(r, out);
    String key = RecountFileKey.of(r.storeId(), r.time());
    assertEquals(new RecountFileKey(key, 2, t), RecountFileKey.parse(key).orElseThrow());

    List<SnapshotLine> lines = new ArrayList<>();
    SnapshotCsvParser.Summary s = new SnapshotCsvParser(Fixtures.VALIDATION)
        .parse(key, new ByteArrayInputStream(out.toByteArray()), lines::add, lines::add);
    assertEquals(new SnapshotCsvParser.Summary(key, 3, 0, 0, true), s);
    assertEquals(List.of(new SnapshotRow(key, 2, 100001, 4321, 2, t, 5), new SnapshotRow(key, 3, 100002, 4321, 2, t, 0),
        new SnapshotRow(key, 4, 200000, 4321, 2, t, -3)), lines);
  }
}
