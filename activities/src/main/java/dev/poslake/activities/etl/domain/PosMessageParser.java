package dev.poslake.activities.etl.domain;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.poslake.activities.contracts.Timestamps;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.Objects;

/**
 * Parses and validates the value of one {@code pos.inventory_change} Kafka record (UTF-8 JSON) into a
 * {@link ParsedTransaction} with its exploded lines, or a {@link Rejection}. Pure, I/O-free, stateless and
 * thread-safe; one instance can serve all partitions. Streams with Jackson's {@link JsonParser}: no tree, no
 * data-binding.
 *
 * <p>Schema: {@code date_time} (string, ISO-8601 with Z or offset), {@code trans_id} (string of 1 to
 * {@link TransIds#MAX_LENGTH} characters, not blank, no control characters; a UUID, braced or not, any case, is
 * normalised to lower case without braces, any other id is kept as sent, see {@link TransIds}), {@code store_id}, {@code change_type_id} (JSON
 * integers), {@code items} (non-empty array of objects {@code {item_id, quantity}}, JSON integers), optional
 * {@code part}/{@code parts} (JSON integers; both absent = part 0 of 1). Unknown fields, at any level, are ignored
 * (but must be valid JSON). A JSON {@code null} is treated as an absent field. Numbers must be JSON integer
 * literals within int range: {@code 1.5}, {@code 1.0}, {@code 1e2}, {@code "2"} and {@code 4294967296} are
 * {@code wrong_type}.
 *
 * <p>When a record has several faults, the reported reason is deterministic, in this precedence:
 * <ol>
 *   <li>{@code malformed_json}: null/empty value, not valid UTF-8 JSON, duplicate keys in an object, more than one
 *       top-level value, top-level value not an object;</li>
 *   <li>the first faulty field in document order: {@code wrong_type}, {@code bad_timestamp} (date_time string not
 *       an ISO instant with zone), {@code invalid_trans_id} (a trans_id string that is empty, blank, too long or
 *       has control characters), {@code missing_field} for
 *       an item without item_id/quantity, {@code empty_items};</li>
 *   <li>{@code missing_field}: first absent top-level field in the order date_time, trans_id, store_id,
 *       change_type_id, items;</li>
 *   <li>{@code invalid_part}: only one of part/parts, parts &lt; 1, or not 0 &lt;= part &lt; parts;</li>
 *   <li>{@code unknown_store}, then {@code unknown_change_type} (including the snapshot type -1), then
 *       {@code unknown_item} (the first unknown line; the detail counts the others).</li>
 * </ol>
 * A record is refused as a whole: one unknown item rejects the whole part, so silver never holds half a part.
 * Quantities are not sign-checked against the change type, and 0 is a valid quantity.
 */
public final class PosMessageParser {
  private static final JsonFactory JSON = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final int MAX_DETAIL_VALUE = 64;

  private final Validation validation;

  public PosMessageParser(Validation validation) {
    this.validation = Objects.requireNonNull(validation, "validation");
  }

  /** Parses a whole record value; a null value (a tombstone) is {@code malformed_json}. */
  public ParseResult parse(byte[] value) {
    if (value == null) {
      return new Rejection(RejectReason.MALFORMED_JSON, "record value is null");
    }
    return parse(value, 0, value.length);
  }

  public ParseResult parse(byte[] value, int offset, int length) {
    if (value == null) {
      return new Rejection(RejectReason.MALFORMED_JSON, "record value is null");
    }
    Fields f = new Fields();
    if (CanonicalMessageScan.scan(value, offset, length, f)) {
      return validate(f);
    }
    return parseGeneral(value, offset, length);
  }

  /** Any message, with Jackson: every rule and rejection detail (the fast path's reference). */
  ParseResult parseGeneral(byte[] value, int offset, int length) {
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(value, offset, length)) {
      JsonToken first = p.nextToken();
      if (first == null) {
        return new Rejection(RejectReason.MALFORMED_JSON, "record value is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        return new Rejection(RejectReason.MALFORMED_JSON, "top-level value is " + describe(first) + ", not an object");
      }
      Rejection structural = null;
      try {
        readRoot(p, f);
      } catch (Fault fault) {
        structural = fault.rejection;
        // keep reading to the end of the root object: a syntax error anywhere wins over a field fault
        while (!p.getParsingContext().inRoot()) {
          if (p.nextToken() == null) {
            return new Rejection(RejectReason.MALFORMED_JSON, "unexpected end of input");
          }
        }
      }
      if (p.nextToken() != null) {
        return new Rejection(RejectReason.MALFORMED_JSON, "trailing content after the JSON object");
      }
      if (structural != null) {
        return structural;
      }
    } catch (JsonProcessingException e) {
      return new Rejection(RejectReason.MALFORMED_JSON, truncate(e.getOriginalMessage(), 200));
    } catch (IOException e) {
      return new Rejection(RejectReason.MALFORMED_JSON, truncate(String.valueOf(e.getMessage()), 200));
    }
    return validate(f);
  }

  // ------------------------------------------------------------------------------------------------ scanning

  /** What the scan found; primitives with presence flags to avoid boxing. */
  static final class Fields {
    Instant dateTime;
    String transId;
    UUID transUuid; // the trans_id's UUID when it is one: parsed once, for the de-dup key too
    boolean hasStore;
    int storeId;
    boolean hasChangeType;
    int changeTypeId;
    boolean hasItems;
    int lineCount;
    int[] itemIds = new int[8];
    int[] quantities = new int[8];
    boolean hasPart;
    int part;
    boolean hasParts;
    int parts;

    void addLine(int itemId, int quantity) {
      if (lineCount == itemIds.length) {
        itemIds = Arrays.copyOf(itemIds, lineCount * 2);
        quantities = Arrays.copyOf(quantities, lineCount * 2);
      }
      itemIds[lineCount] = itemId;
      quantities[lineCount] = quantity;
      lineCount++;
    }

    /** Sets the canonical trans_id of {@code raw} and its UUID; false if {@code raw} is not a trans_id. */
    boolean transId(String raw) {
      transUuid = TransIds.parse(raw);
      transId = TransIds.canonical(raw, transUuid);
      return transId != null;
    }
  }

  /** A field-level fault; carries no stack trace (it is control flow, not an error). */
  private static final class Fault extends Exception {
    final Rejection rejection;

    Fault(RejectReason reason, String detail) {
      super(detail, null, false, false);
      this.rejection = new Rejection(reason, detail);
    }
  }

  private static void readRoot(JsonParser p, Fields f) throws IOException, Fault {
    String name;
    while ((name = p.nextFieldName()) != null) {
      JsonToken v = p.nextToken();
      switch (name) {
        case "date_time":
          if (v != JsonToken.VALUE_NULL) {
            String s = readString(p, v, "date_time");
            f.dateTime = Timestamps.parseInstant(s);
            if (f.dateTime == null) {
              throw new Fault(RejectReason.BAD_TIMESTAMP,
                  "date_time is not an ISO-8601 instant with zone: " + quote(s));
            }
          }
          break;
        case "trans_id":
          if (v != JsonToken.VALUE_NULL) {
            String s = readString(p, v, "trans_id");
            if (!f.transId(s)) {
              throw new Fault(RejectReason.INVALID_TRANS_ID, "trans_id is " + TransIds.problem(s) + ": " + quote(s));
            }
          }
          break;
        case "store_id":
          if (v != JsonToken.VALUE_NULL) {
            f.storeId = readInt(p, v, "store_id");
            f.hasStore = true;
          }
          break;
        case "change_type_id":
          if (v != JsonToken.VALUE_NULL) {
            f.changeTypeId = readInt(p, v, "change_type_id");
            f.hasChangeType = true;
          }
          break;
        case "part":
          if (v != JsonToken.VALUE_NULL) {
            f.part = readInt(p, v, "part");
            f.hasPart = true;
          }
          break;
        case "parts":
          if (v != JsonToken.VALUE_NULL) {
            f.parts = readInt(p, v, "parts");
            f.hasParts = true;
          }
          break;
        case "items":
          if (v != JsonToken.VALUE_NULL) {
            readItems(p, v, f);
            f.hasItems = true;
          }
          break;
        default:
          p.skipChildren(); // unknown field: ignored, but still syntax-checked by skipping through it
      }
    }
  }

  private static void readItems(JsonParser p, JsonToken v, Fields f) throws IOException, Fault {
    if (v != JsonToken.START_ARRAY) {
      throw new Fault(RejectReason.WRONG_TYPE, "items is " + describe(v) + ", not an array");
    }
    JsonToken t;
    int index = 0;
    while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
      if (t == null) {
        throw new JsonEnd(p);
      }
      if (t != JsonToken.START_OBJECT) {
        throw new Fault(RejectReason.WRONG_TYPE, "items[" + index + "] is " + describe(t) + ", not an object");
      }
      boolean hasItem = false;
      boolean hasQuantity = false;
      int itemId = 0;
      int quantity = 0;
      String name;
      while ((name = p.nextFieldName()) != null) {
        JsonToken fv = p.nextToken();
        if (name.equals("item_id")) {
          if (fv != JsonToken.VALUE_NULL) {
            itemId = readInt(p, fv, "items[" + index + "].item_id");
            hasItem = true;
          }
        } else if (name.equals("quantity")) {
          if (fv != JsonToken.VALUE_NULL) {
            quantity = readInt(p, fv, "items[" + index + "].quantity");
            hasQuantity = true;
          }
        } else {
          p.skipChildren();
        }
      }
      if (!hasItem) {
        throw new Fault(RejectReason.MISSING_FIELD, "items[" + index + "].item_id");
      }
      if (!hasQuantity) {
        throw new Fault(RejectReason.MISSING_FIELD, "items[" + index + "].quantity");
      }
      f.addLine(itemId, quantity);
      index++;
    }
    if (index == 0) {
      throw new Fault(RejectReason.EMPTY_ITEMS, "items is an empty array");
    }
  }

  /** Jackson reports an early end itself; this only guards against a parser that returns null instead. */
  private static final class JsonEnd extends JsonProcessingException {
    JsonEnd(JsonParser p) {
      super("unexpected end of input", p.currentLocation());
    }
  }

  private static String readString(JsonParser p, JsonToken v, String field) throws IOException, Fault {
    if (v != JsonToken.VALUE_STRING) {
      throw new Fault(RejectReason.WRONG_TYPE, field + " is " + describe(v) + valueOf(p, v) + ", not a string");
    }
    return p.getText();
  }

  private static int readInt(JsonParser p, JsonToken v, String field) throws IOException, Fault {
    if (v == JsonToken.VALUE_NUMBER_INT) {
      if (p.getNumberType() == JsonParser.NumberType.INT) {
        return p.getIntValue();
      }
      throw new Fault(RejectReason.WRONG_TYPE, field + " is out of int range: " + truncate(p.getText(), 32));
    }
    throw new Fault(RejectReason.WRONG_TYPE, field + " is " + describe(v) + valueOf(p, v) + ", not an integer");
  }

  private static String describe(JsonToken t) {
    switch (t) {
      case START_OBJECT:
        return "an object";
      case START_ARRAY:
        return "an array";
      case VALUE_STRING:
        return "a string";
      case VALUE_NUMBER_INT:
        return "an integer";
      case VALUE_NUMBER_FLOAT:
        return "a non-integer number";
      case VALUE_TRUE:
      case VALUE_FALSE:
        return "a boolean";
      case VALUE_NULL:
        return "null";
      default:
        return t.name();
    }
  }

  private static String valueOf(JsonParser p, JsonToken v) throws IOException {
    if (v.isScalarValue()) {
      return " " + (v == JsonToken.VALUE_STRING ? quote(p.getText()) : truncate(p.getText(), 32));
    }
    return "";
  }

  private static String quote(String s) {
    return '"' + truncate(s, MAX_DETAIL_VALUE) + '"';
  }

  private static String truncate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  // ---------------------------------------------------------------------------------------------- validation

  private ParseResult validate(Fields f) {
    if (f.dateTime == null) {
      return new Rejection(RejectReason.MISSING_FIELD, "date_time");
    }
    if (f.transId == null) {
      return new Rejection(RejectReason.MISSING_FIELD, "trans_id");
    }
    if (!f.hasStore) {
      return new Rejection(RejectReason.MISSING_FIELD, "store_id");
    }
    if (!f.hasChangeType) {
      return new Rejection(RejectReason.MISSING_FIELD, "change_type_id");
    }
    if (!f.hasItems) {
      return new Rejection(RejectReason.MISSING_FIELD, "items");
    }
    int part = 0;
    int parts = 1;
    if (f.hasPart != f.hasParts) {
      return new Rejection(RejectReason.INVALID_PART,
          f.hasPart ? "part " + f.part + " without parts" : "parts " + f.parts + " without part");
    }
    if (f.hasParts) {
      if (f.parts < 1 || f.part < 0 || f.part >= f.parts) {
        return new Rejection(RejectReason.INVALID_PART, "part " + f.part + " of " + f.parts);
      }
      part = f.part;
      parts = f.parts;
    }
    if (!validation.isKnownStore(f.storeId)) {
      return new Rejection(RejectReason.UNKNOWN_STORE, "store_id " + f.storeId);
    }
    if (!validation.isKnownChangeType(f.changeTypeId)) {
      return new Rejection(RejectReason.UNKNOWN_CHANGE_TYPE, "change_type_id " + f.changeTypeId
          + (f.changeTypeId == -1 ? " (snapshot) is not a change type; snapshots come from recount files" : ""));
    }
    int firstUnknown = -1;
    int unknown = 0;
    for (int i = 0; i < f.lineCount; i++) {
      if (!validation.isKnownItem(f.itemIds[i])) {
        if (firstUnknown < 0) {
          firstUnknown = i;
        }
        unknown++;
      }
    }
    if (unknown > 0) {
      return new Rejection(RejectReason.UNKNOWN_ITEM, "item_id " + f.itemIds[firstUnknown] + " at items["
          + firstUnknown + "]" + (unknown > 1 ? " (" + unknown + " of " + f.lineCount + " lines unknown)" : ""));
    }
    ChangeLine[] lines = new ChangeLine[f.lineCount];
    for (int i = 0; i < f.lineCount; i++) {
      lines[i] = new ChangeLine(i, f.itemIds[i], f.quantities[i]);
    }
    DedupKey key = f.transUuid != null ? new DedupKey(f.transUuid, f.storeId, part)
        : DedupKey.of(f.transId, f.storeId, part);
    return new ParsedTransaction(f.dateTime, f.transId, f.storeId, f.changeTypeId, part, parts, List.of(lines), key);
  }
}
