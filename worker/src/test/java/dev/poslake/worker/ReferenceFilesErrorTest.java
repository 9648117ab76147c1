package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceFileException;
import dev.poslake.activities.reference.ReferenceFiles;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.SnapshotProperties;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.CliRunner.Result;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bad reference files in the real bucket, over loaded tables in the real catalog (S3FileIO on s3proxy): the
 * error names the file, line and reason, and no table changes — not even one whose own file changed validly.
 * The parser's error cases are unit-tested in the activities module; this is the path a user takes.
 */
@ExtendWith(PosStackExtension.class)
class ReferenceFilesErrorTest {
  static final List<String> TABLES = List.of("store", "item", "inventory_change_type");

  @Test
  void badItemFileFailsWithFileLineAndReasonAndNoTableChanges(PosStackExtension.Running stack) throws Exception {
    try (PipelineResources resources = PipelineResources.open(stack.config())) {
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded();
      assertTrue(reference.refresh().anyReloaded());
      Map<String, Long> before = snapshots(resources);

      // a valid change of store.txt together with an item.txt that repeats its first item on its last line
      resources.objectStore().put("reference/store.txt",
          "store_id,name\r\n0,online\r\n1,store_001\r\n2,store_002\r\n".getBytes(StandardCharsets.UTF_8));
      byte[] items = ReferenceFiles.bundledBytes(ReferenceFiles.ITEM_FILE);
      ByteArrayOutputStream bad = new ByteArrayOutputStream();
      bad.write(items);
      String text = new String(items, StandardCharsets.UTF_8);
      if (!text.endsWith("\n")) bad.write("\r\n".getBytes(StandardCharsets.UTF_8));
      String firstRow = text.lines().skip(1).findFirst().orElseThrow();
      bad.write((firstRow + "\r\n").getBytes(StandardCharsets.UTF_8));
      resources.objectStore().put("reference/item.txt", bad.toByteArray());
      long badLine = text.lines().count() + 1;

      ReferenceFileException e = assertThrows(ReferenceFileException.class, reference::refresh);
      assertEquals("reference/item.txt", e.file());
      assertEquals(badLine, e.line(), e.getMessage());
      assertEquals("duplicate item_id " + firstRow.split(",")[0] + " (first on line 2)", e.reason());
      assertEquals("reference/item.txt line " + badLine + ": " + e.reason(), e.getMessage());
      assertEquals(before, snapshots(resources), "no table changed");
      assertEquals(100_000, SnapshotProperties.totalRecords(resources.catalog().loadTable(resources.table("item"))));
      // the generator reads the same files: it refuses to run on them too
      assertThrows(ReferenceFileException.class, reference::readReferenceData);

      // a file without its header
      resources.objectStore().put("reference/item.txt",
          "100001,a,1,1\r\n100002,b,1,1\r\n".getBytes(StandardCharsets.UTF_8));
      ReferenceFileException header = assertThrows(ReferenceFileException.class, reference::refresh);
      assertEquals(1, header.line());
      assertTrue(header.getMessage().startsWith("reference/item.txt line 1: missing header"), header.getMessage());
      assertEquals(before, snapshots(resources), "no table changed");

      // what a user sees: `pos up` on this stack stops with one error line
      Result up = assertTimeoutPreemptively(Duration.ofSeconds(60),
          () -> CliRunner.run("up", "--data-dir", stack.dataDir().toString()));
      assertEquals(1, up.code(), up.toString());
      assertEquals(List.of("error: " + header.getMessage()), up.errorLines(), up.toString());
      assertEquals(before, snapshots(resources), "no table changed");
    }
  }

  private static Map<String, Long> snapshots(PipelineResources resources) {
    Map<String, Long> ids = new LinkedHashMap<>();
    for (String t : TABLES) {
      var s = resources.catalog().loadTable(resources.table(t)).currentSnapshot();
      ids.put(t, s == null ? null : s.snapshotId());
    }
    return ids;
  }
}
