package dev.poslake.activities.generator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.poslake.activities.contracts.Timestamps;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The wire format of a transaction message (SPEC "Data generator"). Written with the streaming generator so
 * the field order and the date_time format are exactly the contract's, whatever the databind settings.
 */
public final class MessageJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private MessageJson() {}

  public static byte[] encode(TransactionMessage m) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + m.items().size() * 34);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      g.writeStartObject();
      g.writeStringField("date_time", Timestamps.formatMessage(m.dateTime()));
      g.writeStringField("trans_id", m.transId().toString());
      g.writeNumberField("store_id", m.storeId());
      g.writeNumberField("change_type_id", m.changeTypeId());
      if (m.part() != null) {
        g.writeNumberField("part", m.part());
        g.writeNumberField("parts", m.parts());
      }
      g.writeArrayFieldStart("items");
      for (TransactionMessage.Line l : m.items()) {
        g.writeStartObject();
        g.writeNumberField("item_id", l.itemId());
        g.writeNumberField("quantity", l.quantity());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Strict decoding of what {@link #encode} writes; for tests and verification tools, not for silver. */
  public static TransactionMessage decode(byte[] json) {
    try {
      JsonNode n = MAPPER.readTree(json);
      List<TransactionMessage.Line> lines = new ArrayList<>();
      for (JsonNode l : n.get("items")) {
        lines.add(new TransactionMessage.Line(l.get("item_id").intValue(), l.get("quantity").intValue()));
      }
      return new TransactionMessage(Instant.parse(n.get("date_time").textValue()),
          UUID.fromString(n.get("trans_id").textValue()), n.get("store_id").intValue(),
          n.get("change_type_id").intValue(), lines,
          n.has("part") ? n.get("part").intValue() : null, n.has("parts") ? n.get("parts").intValue() : null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
