package dev.poslake.activities.etl.domain;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PosMessageParserTest {
  private final PosMessageParser parser = new PosMessageParser(Fixtures.VALIDATION);

  private static final String VALID = "{\"date_time\":\"2026-11-25T10:15:00.000Z\",\"trans_id\":\"" + Fixtures.UUID
      + "\",\"store_id\":1,\"change_type_id\":1,\"items\":[{\"item_id\":100234,\"quantity\":-2},"
      + "{\"item_id\":100001,\"quantity\":-1}]}";

  private ParseResult parse(String json) {
    return parser.parse(json.getBytes(UTF_8));
  }

  private ParsedTransaction ok(String json) {
    ParseResult r = parse(json);
    return assertInstanceOf(ParsedTransaction.class, r, () -> "expected a transaction, got " + r);
  }

  private Rejection rejected(String json, RejectReason reason) {
    ParseResult r = parse(json);
    Rejection rej = assertInstanceOf(Rejection.class, r, () -> "expected " + reason + ", got " + r);
    assertEquals(reason, rej.reason(), () -> "detail: " + rej.detail());
    return rej;
  }

  /** VALID with one top-level field replaced (value given as raw JSON) or removed (null). */
  private static String with(String field, String rawJsonValue) {
    String[][] fields = {
        {"date_time", "\"2026-11-25T10:15:00.000Z\""},
        {"trans_id", "\"" + Fixtures.UUID + "\""},
        {"store_id", "1"},
        {"change_type_id", "1"},
        {"items", "[{\"item_id\":100234,\"quantity\":-2}]"}};
    StringBuilder sb = new StringBuilder("{");
    boolean replaced = false;
    for (String[] f : fields) {
      String v = f[0].equals(field) ? rawJsonValue : f[1];
      replaced |= f[0].equals(field);
      if (v != null) {
        sb.append(sb.length() > 1 ? "," : "").append('"').append(f[0]).append("\":").append(v);
      }
    }
    if (!replaced && rawJsonValue != null) {
      sb.append(",\"").append(field).append("\":").append(rawJsonValue);
    }
    return sb.append('}').toString();
  }

  // ------------------------------------------------------------------------------------------------ happy path

  @ParameterizedTest
  @ValueSource(strings = {"{" + Fixtures.UUID + "}", "UPPER", "plain", "POS-000123"})
  void theKeyIsTheKeyOfTheCanonicalTransIdOnBothPaths(String id) {
    String raw = id.equals("UPPER") ? Fixtures.UUID.toUpperCase() : id;
    String json = with("trans_id", "\"" + raw + "\"");
    // the canonical scan, then the general parser (a field order the scan does not take)
    ParsedTransaction scanned = ok(json);
    ParsedTransaction general = assertInstanceOf(ParsedTransaction.class,
        parser.parseGeneral(json.getBytes(UTF_8), 0, json.length()));
    for (ParsedTransaction t : List.of(scanned, general)) {
      assertEquals(TransIds.canonical(raw), t.transId());
      assertEquals(DedupKey.of(t.transId(), t.storeId(), t.part()), t.dedupKey());
      assertEquals(DedupKey.of(raw, t.storeId(), t.part()), t.dedupKey());
    }
  }

  @Test
  void parsesTheSpecExampleAndExplodesItems() {
    ParsedTransaction t = ok(VALID);
    assertEquals(Instant.parse("2026-11-25T10:15:00Z"), t.dateTime());
    assertEquals(Fixtures.UUID, t.transId());
    assertEquals(1, t.storeId());
    assertEquals(1, t.changeTypeId());
    assertEquals(0, t.part());
    assertEquals(1, t.parts());
    assertEquals(List.of(new ChangeLine(0, 100234, -2), new ChangeLine(1, 100001, -1)), t.lines());
    assertEquals(DedupKey.of(Fixtures.UUID, 1, 0), t.dedupKey());
    assertEquals(List.of(
            new ChangeRow(1, 100234, t.dateTime(), 1, -2),
            new ChangeRow(1, 100001, t.dateTime(), 1, -1)),
        t.toChangeRows());
  }

  @Test
  void fieldOrderDoesNotMatter() {
    ParsedTransaction t = ok("{\"items\":[{\"quantity\":5,\"item_id\":100002}],\"change_type_id\":3,"
        + "\"store_id\":2,\"trans_id\":\"" + Fixtures.UUID + "\",\"date_time\":\"2026-11-25T10:15:00Z\"}");
    assertEquals(List.of(new ChangeLine(0, 100002, 5)), t.lines());
    assertEquals(3, t.changeTypeId());
    assertEquals(2, t.storeId());
  }

  @Test
  void sameItemTwiceGivesTwoLines() {
    ParsedTransaction t = ok(with("items",
        "[{\"item_id\":100234,\"quantity\":-2},{\"item_id\":100234,\"quantity\":-3}]"));
    assertEquals(List.of(new ChangeLine(0, 100234, -2), new ChangeLine(1, 100234, -3)), t.lines());
  }

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() {
    ParsedTransaction t = ok(with("items",
        "[{\"item_id\":100234,\"sku\":{\"a\":[1,2,{\"b\":null}]},\"quantity\":-2,\"note\":\"x\"}]")
        .replace("{\"date_time\"", "{\"producer\":{\"v\":[1,2.5,\"x\"]},\"extra\":null,\"date_time\""));
    assertEquals(List.of(new ChangeLine(0, 100234, -2)), t.lines());
  }

  @Test
  void bracedAndUpperCaseTransIdIsNormalised() {
    String braced = "{" + Fixtures.UUID.toUpperCase() + "}";
    assertEquals(Fixtures.UUID, ok(with("trans_id", "\"" + braced + "\"")).transId());
    assertEquals(Fixtures.UUID, ok(with("trans_id", "\"" + Fixtures.UUID.toUpperCase() + "\"")).transId());
  }

  @Test
  void acceptsOffsetsAndVariousPrecisions() {
    assertEquals(Instant.parse("2026-11-25T09:15:00Z"),
        ok(with("date_time", "\"2026-11-25T10:15:00+01:00\"")).dateTime());
    assertEquals(Instant.parse("2026-11-25T12:45:00Z"),
        ok(with("date_time", "\"2026-11-25T10:15:00.000-02:30\"")).dateTime());
    assertEquals(Instant.parse("2026-11-25T10:15:00Z"), ok(with("date_time", "\"2026-11-25T10:15Z\"")).dateTime());
    assertEquals(Instant.parse("2026-11-25T10:15:00.123456Z"),
        ok(with("date_time", "\"2026-11-25T10:15:00.123456789Z\"")).dateTime(), "truncated to micros");
  }

  @Test
  void partsAreParsedAndLineIndexIsPerPart() {
    ParsedTransaction t = ok(with("store_id", "1").replace("}]}", "}],\"part\":2,\"parts\":3}"));
    assertEquals(2, t.part());
    assertEquals(3, t.parts());
    assertEquals(0, t.lines().get(0).line());
    assertEquals(DedupKey.of(Fixtures.UUID, 1, 2), t.dedupKey());
  }

  @Test
  void nullPartAndPartsMeanAbsent() {
    ParsedTransaction t = ok(with("store_id", "1").replace("}]}", "}],\"part\":null,\"parts\":null}"));
    assertEquals(0, t.part());
    assertEquals(1, t.parts());
  }

  @Test
  void zeroQuantityAndSignsAreNotChecked() {
    ok(with("items", "[{\"item_id\":100234,\"quantity\":0}]"));
    ok(with("change_type_id", "3")); // negative restock kept as sent
    ok(with("change_type_id", "1").replace("\"quantity\":-2", "\"quantity\":7")); // positive sale kept
  }

  @Test
  void bopisIsValidFromOnlineAndPhysicalStores() {
    ok(with("change_type_id", "4").replace("\"store_id\":1", "\"store_id\":0"));
    ok(with("change_type_id", "4"));
  }

  @Test
  void extremeIntsAreInts() {
    ParsedTransaction t = ok(with("items",
        "[{\"item_id\":100234,\"quantity\":2147483647},{\"item_id\":100234,\"quantity\":-2147483648}]"));
    assertEquals(Integer.MAX_VALUE, t.lines().get(0).quantity());
    assertEquals(Integer.MIN_VALUE, t.lines().get(1).quantity());
  }

  @Test
  void offsetAndLengthOverload() {
    byte[] b = ("xx" + VALID + "yy").getBytes(UTF_8);
    assertInstanceOf(ParsedTransaction.class, parser.parse(b, 2, b.length - 4));
  }

  @Test
  void utf8BomIsAccepted() {
    byte[] json = VALID.getBytes(UTF_8);
    byte[] b = new byte[json.length + 3];
    b[0] = (byte) 0xEF;
    b[1] = (byte) 0xBB;
    b[2] = (byte) 0xBF;
    System.arraycopy(json, 0, b, 3, json.length);
    assertInstanceOf(ParsedTransaction.class, parser.parse(b));
  }

  // ---------------------------------------------------------------------------------------------- malformed_json

  @Test
  void nullValueIsMalformed() {
    Rejection r = assertInstanceOf(Rejection.class, parser.parse(null));
    assertEquals(RejectReason.MALFORMED_JSON, r.reason());
    assertEquals("malformed_json", r.code());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "   ", "{", "}", "{\"date_time\":", "not json", "{'store_id':1}", "{\"store_id\":01}",
      "{\"store_id\":1,}", "[]", "[1,2]", "\"a string\"", "42", "null", "true", "{\"a\":NaN}"})
  void syntaxErrorsAndNonObjectsAreMalformed(String json) {
    rejected(json, RejectReason.MALFORMED_JSON);
  }

  @Test
  void truncatedValidPrefixIsMalformed() {
    rejected(VALID.substring(0, VALID.length() - 1), RejectReason.MALFORMED_JSON);
    rejected(VALID.substring(0, VALID.length() / 2), RejectReason.MALFORMED_JSON);
  }

  @Test
  void trailingContentIsMalformed() {
    rejected(VALID + VALID, RejectReason.MALFORMED_JSON);
    rejected(VALID + " x", RejectReason.MALFORMED_JSON);
    rejected(VALID + "]", RejectReason.MALFORMED_JSON);
    ok(VALID + " \r\n\t");
  }

  @Test
  void duplicateKeysAreMalformed() {
    rejected(VALID.replace("{\"date_time\"", "{\"store_id\":2,\"date_time\""), RejectReason.MALFORMED_JSON);
    rejected(with("items", "[{\"item_id\":100234,\"quantity\":1,\"quantity\":2}]"), RejectReason.MALFORMED_JSON);
  }

  @Test
  void invalidUtf8IsMalformed() {
    byte[] b = with("trans_id", "\"\u00e9\"").getBytes(UTF_8);
    for (int i = 0; i < b.length; i++) {
      if (b[i] == (byte) 0xC3) {
        b[i + 1] = (byte) 0x28; // broken 2-byte sequence
      }
    }
    assertEquals(RejectReason.MALFORMED_JSON, ((Rejection) parser.parse(b)).reason());
  }

  @Test
  void syntaxErrorAfterAFieldFaultIsStillMalformed() {
    // wrong_type on store_id, then broken JSON later: malformed wins
    rejected("{\"store_id\":\"x\",\"items\":[{\"item_id\":1,}]}", RejectReason.MALFORMED_JSON);
    rejected("{\"items\":[{\"item_id\":1.5,\"quantity\":1}", RejectReason.MALFORMED_JSON);
    rejected("{\"items\":{\"a\":\"b\"}", RejectReason.MALFORMED_JSON);
    rejected(with("store_id", "\"1\"") + "{}", RejectReason.MALFORMED_JSON);
  }

  // ---------------------------------------------------------------------------------------------- missing_field

  @ParameterizedTest
  @ValueSource(strings = {"date_time", "trans_id", "store_id", "change_type_id", "items"})
  void absentRequiredFieldIsMissing(String field) {
    assertEquals(field, rejected(with(field, null), RejectReason.MISSING_FIELD).detail());
    assertEquals(field, rejected(with(field, "null"), RejectReason.MISSING_FIELD).detail());
  }

  @Test
  void missingFieldsAreReportedInSchemaOrder() {
    assertEquals("date_time", rejected("{}", RejectReason.MISSING_FIELD).detail());
    assertEquals("store_id", rejected("{\"items\":[{\"item_id\":100234,\"quantity\":1}],\"trans_id\":\""
        + Fixtures.UUID + "\",\"date_time\":\"2026-11-25T10:15:00Z\"}", RejectReason.MISSING_FIELD).detail());
  }

  @Test
  void itemWithoutItemIdOrQuantityIsMissing() {
    assertEquals("items[1].item_id", rejected(with("items",
        "[{\"item_id\":100234,\"quantity\":1},{\"quantity\":1}]"), RejectReason.MISSING_FIELD).detail());
    assertEquals("items[0].quantity", rejected(with("items",
        "[{\"item_id\":100234}]"), RejectReason.MISSING_FIELD).detail());
    assertEquals("items[0].quantity", rejected(with("items",
        "[{\"item_id\":100234,\"quantity\":null}]"), RejectReason.MISSING_FIELD).detail());
  }

  // -------------------------------------------------------------------------------------------------- wrong_type

  @ParameterizedTest
  @ValueSource(strings = {"1.5", "1.0", "\"2\"", "1e2", "true", "[2]", "{\"v\":2}", "2147483648",
      "-2147483649", "99999999999999999999999"})
  void nonIntegerQuantityIsWrongType(String quantity) {
    Rejection r = rejected(with("items", "[{\"item_id\":100234,\"quantity\":" + quantity + "}]"),
        RejectReason.WRONG_TYPE);
    assertTrue(r.detail().startsWith("items[0].quantity"), r.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"store_id", "change_type_id", "part", "parts"})
  void nonIntegerIdsAreWrongType(String field) {
    for (String v : new String[] {"\"1\"", "1.0", "1.5", "false", "[1]", "{}", "4294967296"}) {
      Rejection r = rejected(with(field, v), RejectReason.WRONG_TYPE);
      assertTrue(r.detail().startsWith(field), r.detail());
    }
  }

  @Test
  void nonIntegerItemIdIsWrongType() {
    rejected(with("items", "[{\"item_id\":\"100234\",\"quantity\":1}]"), RejectReason.WRONG_TYPE);
    rejected(with("items", "[{\"item_id\":100234.0,\"quantity\":1}]"), RejectReason.WRONG_TYPE);
  }

  @Test
  void itemsMustBeAnArrayOfObjects() {
    rejected(with("items", "{\"item_id\":100234,\"quantity\":1}"), RejectReason.WRONG_TYPE);
    rejected(with("items", "\"[]\""), RejectReason.WRONG_TYPE);
    assertEquals("items[1] is an integer, not an object", rejected(
        with("items", "[{\"item_id\":100234,\"quantity\":1},5]"), RejectReason.WRONG_TYPE).detail());
    rejected(with("items", "[null]"), RejectReason.WRONG_TYPE);
    rejected(with("items", "[[100234,1]]"), RejectReason.WRONG_TYPE);
  }

  @Test
  void stringsMustBeStrings() {
    rejected(with("date_time", "1764065700000"), RejectReason.WRONG_TYPE);
    rejected(with("trans_id", "12345"), RejectReason.WRONG_TYPE);
    rejected(with("trans_id", "{\"id\":\"x\"}"), RejectReason.WRONG_TYPE);
  }

  @Test
  void posTransIdThatIsNotAUuidIsKeptAsItIs() {
    String id = "T-0001-20260301-000123";
    ParsedTransaction t = ok(with("trans_id", "\"" + id + "\""));
    assertEquals(id, t.transId());
    assertEquals(DedupKey.of(id, 1, 0), t.dedupKey());
    // the general parser (fields in another order) reads it the same
    assertEquals(t, ok("{\"trans_id\":\"" + id + "\",\"date_time\":\"2026-11-25T10:15:00.000Z\",\"store_id\":1,"
        + "\"change_type_id\":1,\"items\":[{\"item_id\":100234,\"quantity\":-2}]}"));
    // exact: no case folding or trimming for ids that are not UUIDs
    assertNotEquals(t.dedupKey(), ok(with("trans_id", "\"t-0001-20260301-000123\"")).dedupKey());
    assertNotEquals(t.dedupKey(), ok(with("trans_id", "\"T-0001-20260301-000124\"")).dedupKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "1", "0f8fad5b-d9cb-469f-a165-70867728950", "0f8fad5bd9cb469fa16570867728950e",
      "{0f8fad5b-d9cb-469f-a165-70867728950e", " 0f8fad5b-d9cb-469f-a165-70867728950e",
      "0f8fad5b-d9cb-469f-a165-70867728950g", "1-1-1-1-1", "caf\u00e9 #12", "\ud83d\uded2-7"})
  void anyNonBlankStringIsATransId(String transId) {
    assertEquals(transId, ok(with("trans_id", "\"" + transId + "\"")).transId());
  }

  @Test
  void transIdUpToTheMaximumLength() {
    String longest = "x".repeat(TransIds.MAX_LENGTH);
    assertEquals(longest, ok(with("trans_id", "\"" + longest + "\"")).transId());
    // counted in characters (code points), not bytes or UTF-16 units
    String emoji = "\ud83d\uded2".repeat(TransIds.MAX_LENGTH);
    assertEquals(emoji, ok(with("trans_id", "\"" + emoji + "\"")).transId());
    Rejection r = rejected(with("trans_id", "\"" + longest + "y\""), RejectReason.INVALID_TRANS_ID);
    assertTrue(r.detail().startsWith("trans_id is longer than 128 characters (129)"), r.detail());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "\\t \\n", "a\\u0000b", "\\u007f", "\\ud800x"})
  void blankOrUnprintableTransIdIsInvalid(String rawJsonString) {
    Rejection r = rejected(with("trans_id", "\"" + rawJsonString + "\""), RejectReason.INVALID_TRANS_ID);
    assertTrue(r.detail().startsWith("trans_id is "), r.detail());
  }

  @Test
  void firstFaultInDocumentOrderWins() {
    assertTrue(rejected("{\"store_id\":\"1\",\"change_type_id\":1.5}", RejectReason.WRONG_TYPE)
        .detail().startsWith("store_id"));
    assertTrue(rejected("{\"change_type_id\":1.5,\"store_id\":\"1\"}", RejectReason.WRONG_TYPE)
        .detail().startsWith("change_type_id"));
    // a field fault beats a missing field and reference checks
    rejected("{\"store_id\":999,\"items\":[{\"item_id\":1,\"quantity\":\"x\"}]}", RejectReason.WRONG_TYPE);
  }

  // ---------------------------------------------------------------------------------------------- bad_timestamp

  @ParameterizedTest
  @ValueSource(strings = {"", "yesterday", "2026-11-25T10:15:00", "2026-11-25 10:15:00", "2026-11-25",
      "2026-02-30T10:15:00Z", "2026-11-25T24:00:00Z", "2026-11-25T10:60:00Z", "2026-11-25T10:15:60Z",
      "2026-11-25T10:15:00+19:00", "2026-11-25T10:15:00.Z", "2026-11-25T10:15:00.1234567891Z",
      "26-11-25T10:15:00Z", "2026-11-25T10:15:00ZZ", "2026-11-25T10:15:00+01:0"})
  void unparseableDateTimeIsBadTimestamp(String dateTime) {
    rejected(with("date_time", "\"" + dateTime + "\""), RejectReason.BAD_TIMESTAMP);
  }

  // ------------------------------------------------------------------------------------------------- empty_items

  @Test
  void emptyItemsIsRejected() {
    rejected(with("items", "[]"), RejectReason.EMPTY_ITEMS);
  }

  // ------------------------------------------------------------------------------------------------ invalid_part

  @Test
  void invalidParts() {
    String base = with("items", "[{\"item_id\":100234,\"quantity\":1}]");
    rejected(base.replace("}]}", "}],\"part\":0}"), RejectReason.INVALID_PART);
    rejected(base.replace("}]}", "}],\"parts\":2}"), RejectReason.INVALID_PART);
    rejected(base.replace("}]}", "}],\"part\":2,\"parts\":2}"), RejectReason.INVALID_PART);
    rejected(base.replace("}]}", "}],\"part\":-1,\"parts\":2}"), RejectReason.INVALID_PART);
    rejected(base.replace("}]}", "}],\"part\":0,\"parts\":0}"), RejectReason.INVALID_PART);
    ok(base.replace("}]}", "}],\"part\":0,\"parts\":1}"));
    ok(base.replace("}]}", "}],\"part\":1,\"parts\":2}"));
  }

  // ----------------------------------------------------------------------------------------- reference checks

  @Test
  void unknownStore() {
    assertEquals("store_id 7", rejected(with("store_id", "7"), RejectReason.UNKNOWN_STORE).detail());
    rejected(with("store_id", "-1"), RejectReason.UNKNOWN_STORE);
  }

  @Test
  void unknownChangeType() {
    rejected(with("change_type_id", "5"), RejectReason.UNKNOWN_CHANGE_TYPE);
    rejected(with("change_type_id", "0"), RejectReason.UNKNOWN_CHANGE_TYPE);
    Rejection snap = rejected(with("change_type_id", "-1"), RejectReason.UNKNOWN_CHANGE_TYPE);
    assertTrue(snap.detail().contains("snapshot"), snap.detail());
  }

  @Test
  void unknownItemRejectsTheWholePart() {
    Rejection r = rejected(with("items", "[{\"item_id\":100234,\"quantity\":1},{\"item_id\":99,\"quantity\":1},"
        + "{\"item_id\":200001,\"quantity\":1}]"), RejectReason.UNKNOWN_ITEM);
    assertEquals("item_id 99 at items[1] (2 of 3 lines unknown)", r.detail());
    assertEquals("item_id 100000 at items[0]", rejected(with("items", "[{\"item_id\":100000,\"quantity\":1}]"),
        RejectReason.UNKNOWN_ITEM).detail());
  }

  @Test
  void referenceChecksComeAfterStructureInAFixedOrder() {
    String bad = with("store_id", "9").replace("\"change_type_id\":1", "\"change_type_id\":9")
        .replace("100234", "5");
    rejected(bad, RejectReason.UNKNOWN_STORE);
    rejected(bad.replace("\"store_id\":9", "\"store_id\":1"), RejectReason.UNKNOWN_CHANGE_TYPE);
    rejected(bad.replace("\"store_id\":9", "\"parts\":0,\"store_id\":9"), RejectReason.INVALID_PART);
    rejected(bad.replace("\"store_id\":9,", ""), RejectReason.MISSING_FIELD);
  }

  @Test
  void everyReasonCodeIsStable() {
    String[] expected = {"malformed_json", "missing_field", "wrong_type", "empty_items", "invalid_part",
        "unknown_change_type", "invalid_trans_id", "bad_timestamp", "unknown_store", "unknown_item", "bad_header",
        "wrong_column_count", "not_integer", "line_too_long"};
    assertEquals(expected.length, RejectReason.values().length);
    for (String code : expected) {
      assertEquals(code, RejectReason.fromCode(code).code());
    }
  }
}
