package dev.poslake.activities.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class MessageJsonTest {
  private static final UUID ID = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e");

  @Test
  void encodesExactlyTheContractShape() {
    TransactionMessage m = TransactionMessage.of(Instant.parse("2026-11-25T10:15:00Z"), ID, 1, 1,
        List.of(new TransactionMessage.Line(100234, -2), new TransactionMessage.Line(100235, -1)));
    assertEquals("{\"date_time\":\"2026-11-25T10:15:00.000Z\",\"trans_id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
        + "\"store_id\":1,\"change_type_id\":1,\"items\":[{\"item_id\":100234,\"quantity\":-2},"
        + "{\"item_id\":100235,\"quantity\":-1}]}", new String(MessageJson.encode(m), StandardCharsets.UTF_8));
    assertEquals("0f8fad5b-d9cb-469f-a165-70867728950e", m.key());
  }

  @Test
  void partsCarryPartFieldsAndMillis() {
    TransactionMessage m = TransactionMessage.of(Instant.parse("2026-11-25T10:15:00.120Z"), ID, 0, 3,
        List.of(new TransactionMessage.Line(100001, 50))).asPart(1, 2, List.of(new TransactionMessage.Line(1, 2)));
    String json = new String(MessageJson.encode(m), StandardCharsets.UTF_8);
    assertEquals("{\"date_time\":\"2026-11-25T10:15:00.120Z\",\"trans_id\":\"0f8fad5b-d9cb-469f-a165-70867728950e\","
        + "\"store_id\":0,\"change_type_id\":3,\"part\":1,\"parts\":2,\"items\":[{\"item_id\":1,\"quantity\":2}]}",
        json);
    assertEquals(m, MessageJson.decode(json.getBytes(StandardCharsets.UTF_8)));
  }
}
