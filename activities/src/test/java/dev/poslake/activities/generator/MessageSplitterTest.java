package dev.poslake.activities.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageSplitterTest {
  private static TransactionMessage big(int lines) {
    List<TransactionMessage.Line> items = new ArrayList<>();
    for (int i = 0; i < lines; i++) {
      items.add(new TransactionMessage.Line(100001 + i % 100000, 1 + i % 100)); // a repeated item is allowed
    }
    return TransactionMessage.of(Instant.parse("2026-11-25T10:15:00.001Z"),
        UUID.fromString("6b3f7a2e-1c4d-4e5f-8a9b-0c1d2e3f4a5b"), 1, 3, items);
  }

  @Test
  void smallMessageIsNotSplit() {
    TransactionMessage m = big(5);
    List<EncodedMessage> out = new MessageSplitter().split(m);
    assertEquals(1, out.size());
    TransactionMessage back = MessageJson.decode(out.get(0).value());
    assertNull(back.part());
    assertEquals(m, back);
  }

  @Test
  void over256KbIsSplitIntoPartsThatEachFitAndReassemble() {
    TransactionMessage m = big(20_000); // ~690 KB
    assertTrue(MessageJson.encode(m).length > 262_144);
    List<EncodedMessage> out = new MessageSplitter().split(m);
    assertEquals(3, out.size());
    List<TransactionMessage.Line> lines = new ArrayList<>();
    for (int k = 0; k < out.size(); k++) {
      EncodedMessage e = out.get(k);
      assertTrue(e.value().length <= 262_144, "part " + k + " is " + e.value().length);
      assertEquals(m.key(), e.key());
      TransactionMessage p = MessageJson.decode(e.value());
      assertEquals(k, p.part());
      assertEquals(out.size(), p.parts());
      assertEquals(m.transId(), p.transId());
      assertEquals(m.storeId(), p.storeId());
      assertEquals(m.changeTypeId(), p.changeTypeId());
      assertEquals(m.dateTime(), p.dateTime());
      assertEquals(p.items().size(), e.lines());
      lines.addAll(p.items());
    }
    assertEquals(m.items(), lines);
  }

  @Test
  void exactlyAtTheLimitIsNotSplitOneByteMoreIs() {
    TransactionMessage m = big(3);
    int size = MessageJson.encode(m).length;
    assertEquals(1, new MessageSplitter(size).split(m).size());
    List<EncodedMessage> parts = new MessageSplitter(size - 1).split(m);
    assertTrue(parts.size() > 1); // part fields add bytes, so the 3 lines may need 3 parts
    parts.forEach(p -> assertTrue(p.value().length <= size - 1));
  }
}
