package dev.poslake.activities.generator;

import dev.poslake.activities.env.ProgressReporter;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayPublisherTest {
  @TempDir Path dir;
  private final Fakes.Publisher publisher = new Fakes.Publisher();
  private final Map<String, String> objects = new LinkedHashMap<>();

  private ReplayPublisher replay() {
    return new ReplayPublisher(publisher, (key, file) -> {
      try {
        objects.put(key, Files.readString(file));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, ProgressReporter.none());
  }

  @Test
  void changeRowsAreGroupedPerTransStoreTypeAndPublishedInTimeOrder() throws Exception {
    Path f = dir.resolve("changes.csv");
    Files.writeString(f, "trans_id,item_id,store_id,date_time,quantity,change_type_id\r\n"
        + "{B7E1C0DE-0000-4000-8000-000000000002},100002,1,2021-01-01 00:05:00,-1,1\r\n"
        + "{A7E1C0DE-0000-4000-8000-000000000001},100001,1,2021-01-01T00:00:00Z,-2,1\r\n"
        + "{A7E1C0DE-0000-4000-8000-000000000001},100001,1,2021-01-01T00:00:00Z,-1,1\r\n"
        + "{C7E1C0DE-0000-4000-8000-000000000003},100003,0,2021-01-01 00:01:00.250,-1,4\r\n"
        + "{C7E1C0DE-0000-4000-8000-000000000003},100003,1,2021-01-01 00:01:00.250,-1,4\r\n");
    ReplayResult r = replay().replay(new ReplayRequest(List.of(f.toString()), List.of()));
    assertEquals(4, r.transactions());
    assertEquals(4, r.messages());
    assertEquals(5, r.lines());
    List<TransactionMessage> sent = publisher.values.stream().map(MessageJson::decode).toList();
    assertEquals(UUID.fromString("a7e1c0de-0000-4000-8000-000000000001"), sent.get(0).transId());
    assertEquals(List.of(new TransactionMessage.Line(100001, -2), new TransactionMessage.Line(100001, -1)),
        sent.get(0).items());
    assertEquals(Instant.parse("2021-01-01T00:01:00.250Z"), sent.get(1).dateTime());
    assertEquals(List.of(0, 1), List.of(sent.get(1).storeId(), sent.get(2).storeId()));
    assertEquals(Instant.parse("2021-01-01T00:05:00Z"), sent.get(3).dateTime());
    assertEquals("a7e1c0de-0000-4000-8000-000000000001", publisher.keys.get(0));
    assertEquals(1, publisher.flushes);
  }

  @Test
  void snapshotRowsGoToStandardKeysPerStoreAndTime() throws Exception {
    Path f = dir.resolve("snap.csv");
    Files.writeString(f, "item_id,employee_id,store_id,date_time,quantity\n"
        + "100001,7,2,2021-01-05 00:00:00,3\n"
        + "100001,8,1,2021-01-01 00:00:00,5\n"
        + "100002,9,1,2021-01-01 00:00:00,0\n");
    ReplayResult r = replay().replay(new ReplayRequest(List.of(), List.of(f.toString())));
    assertEquals(List.of("inventory_snapshots/inventory_snapshot_1_2021-01-01_00-00-00.csv",
        "inventory_snapshots/inventory_snapshot_2_2021-01-05_00-00-00.csv"), r.snapshotKeys());
    assertEquals("item_id,employee_id,store_id,date_time,quantity\n"
        + "100001,8,1,2021-01-01 00:00:00,5\n100002,9,1,2021-01-01 00:00:00,0\n",
        objects.get(r.snapshotKeys().get(0)));
  }

  @Test
  void rawLinesArePublishedAsTheyAreWithoutKey() throws Exception {
    Path f = dir.resolve("raw.txt");
    Files.write(f, "{\"a\":1}\r\nnot json\n\n{\"trans_id\":\"t1\"}\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(4, replay().publishRaw(f, false));
    assertEquals(List.of("{\"a\":1}", "not json", "", "{\"trans_id\":\"t1\"}"), publisher.texts());
    publisher.keys.forEach(k -> assertEquals(null, k));
  }

  @Test
  void rawLinesAreKeyedByTheirTransIdLikeTheFormatsProducers() throws Exception {
    Path f = dir.resolve("raw.txt");
    Files.write(f, ("{\"date_time\":\"2026-03-01T08:00:05.000Z\",\"items\":[{\"trans_id\":\"inner\"}],"
        + "\"trans_id\":\"t-1\",\"store_id\":1}\n"
        + "{\"trans_id\":7}\nnot json\n[\"trans_id\"]\n{\"store_id\":1,\"trans_id\":\"t-2\"\n")
        .getBytes(StandardCharsets.UTF_8));
    assertEquals(5, replay().publishRaw(f, true));
    // nested fields do not count; a number, a line that is not an object, or none: keyless. A line cut after the
    // key still gets it (the value goes out as it is; silver quarantines it)
    assertEquals(Arrays.asList("t-1", null, null, null, "t-2"), publisher.keys);
    assertEquals("not json", publisher.texts().get(2));
  }
}
