package dev.poslake.activities.etl.domain;

import dev.poslake.activities.contracts.Timestamps;
import java.nio.charset.StandardCharsets;

/**
 * The parser's fast path: reads a message in the exact form the POS producers write (the generator's
 * {@code MessageJson}: fields in contract order, no whitespace, plain ASCII strings, JSON integers) straight from
 * the bytes, and gives up at the first byte that differs, so that the general parser (Jackson, with every rule and
 * every rejection detail) handles anything else from the start. For a message it accepts, it fills the same fields
 * the general parser would: it accepts only valid JSON objects without duplicate keys, trailing content, escapes,
 * nulls or non-integer numbers, and leaves bad timestamps and trans_ids to the general parser too. Why: Jackson's
 * tokenizer, its field-name lookups and duplicate detection were the largest part of silver's parse CPU.
 */
final class CanonicalMessageScan {
  private static final byte[] DATE_TIME = ascii("{\"date_time\":\"");
  private static final byte[] TRANS_ID = ascii("\",\"trans_id\":\"");
  private static final byte[] STORE_ID = ascii("\",\"store_id\":");
  private static final byte[] CHANGE_TYPE_ID = ascii(",\"change_type_id\":");
  private static final byte[] PART = ascii(",\"part\":");
  private static final byte[] PARTS = ascii(",\"parts\":");
  private static final byte[] ITEMS = ascii(",\"items\":[");
  private static final byte[] ITEM_ID = ascii("{\"item_id\":");
  private static final byte[] QUANTITY = ascii(",\"quantity\":");
  /** Longest string value taken: a longest trans_id (ASCII here, so characters = bytes); a timestamp is shorter. */
  private static final int MAX_STRING = TransIds.MAX_LENGTH;

  private final byte[] b;
  private final int end;
  private int i;

  private CanonicalMessageScan(byte[] b, int offset, int length) {
    this.b = b;
    this.i = offset;
    this.end = offset + length;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** Fills {@code f} and returns true if the message has the canonical form; false (f undefined) otherwise. */
  static boolean scan(byte[] b, int offset, int length, PosMessageParser.Fields f) {
    return new CanonicalMessageScan(b, offset, length).fill(f);
  }

  private boolean fill(PosMessageParser.Fields f) {
    if (!literal(DATE_TIME)) return false;
    String dateTime = string();
    if (dateTime == null || (f.dateTime = Timestamps.parseInstant(dateTime)) == null) return false;
    if (!literal(TRANS_ID)) return false;
    String transId = string();
    if (transId == null || !f.transId(transId)) return false;
    if (!literal(STORE_ID) || !integer()) return false;
    f.storeId = value;
    f.hasStore = true;
    if (!literal(CHANGE_TYPE_ID) || !integer()) return false;
    f.changeTypeId = value;
    f.hasChangeType = true;
    if (at(PART)) {
      if (!literal(PART) || !integer()) return false;
      f.part = value;
      f.hasPart = true;
      if (!literal(PARTS) || !integer()) return false;
      f.parts = value;
      f.hasParts = true;
    }
    if (!literal(ITEMS)) return false;
    do {
      if (!literal(ITEM_ID) || !integer()) return false;
      int item = value;
      if (!literal(QUANTITY) || !integer() || !next('}')) return false;
      f.addLine(item, value);
    } while (next(','));
    f.hasItems = true;
    return next(']') && next('}') && i == end;
  }

  private boolean at(byte[] literal) {
    if (end - i < literal.length) return false;
    for (int k = 0; k < literal.length; k++) {
      if (b[i + k] != literal[k]) return false;
    }
    return true;
  }

  private boolean literal(byte[] literal) {
    if (!at(literal)) return false;
    i += literal.length;
    return true;
  }

  private boolean next(char c) {
    if (i < end && b[i] == c) {
      i++;
      return true;
    }
    return false;
  }

  /** The characters up to the next quote (left unread), if all printable ASCII without escapes. */
  private String string() {
    int start = i;
    while (i < end && b[i] != '"') {
      int c = b[i];
      if (c < 0x20 || c == '\\' || i - start >= MAX_STRING) return null; // c < 0: not ASCII
      i++;
    }
    if (i == end) return null;
    return new String(b, start, i - start, StandardCharsets.ISO_8859_1);
  }

  private int value;

  /** A JSON integer in int range without leading zeros, into {@link #value}. */
  private boolean integer() {
    boolean negative = next('-');
    int start = i;
    long v = 0;
    while (i < end && b[i] >= '0' && b[i] <= '9') {
      if (i - start == 10) return false;
      v = v * 10 + (b[i++] - '0');
    }
    int digits = i - start;
    if (digits == 0 || (digits > 1 && b[start] == '0') || (negative && v == 0)) return false;
    if (negative) v = -v;
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) return false;
    value = (int) v;
    return true;
  }
}
