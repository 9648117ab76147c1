package dev.poslake.activities.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceFilesTest {

  static ByteArrayInputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  /** CsvSource rows are single lines: the cases spell line breaks as \\n and \\r. */
  static String unescape(String s) {
    return s == null ? "" : s.replace("\\r", "\r").replace("\\n", "\n");
  }

  @Test
  void bundledFilesParse() {
    ReferenceData d = ReferenceFiles.loadBundled();
    assertEquals(List.of(new Store(0, "online"), new Store(1, "store_001")), d.stores());
    assertEquals(List.of(new ChangeType(1, "sale"), new ChangeType(2, "shrink"), new ChangeType(3, "restock"),
        new ChangeType(4, "bopis"), new ChangeType(-1, "snapshot")), d.changeTypes());
    assertEquals(100_000, d.items().size());
    assertEquals(100001, d.items().get(0).itemId());
    assertEquals(200000, d.items().get(99_999).itemId());
    for (int i = 0; i < d.items().size(); i++) {
      assertEquals(100001 + i, d.items().get(i).itemId());
    }
    assertEquals("item_000000", d.items().get(0).name());
  }

  @Test
  void acceptsLfCrlfMissingFinalNewlineBomQuotesAndTrailingBlankLines() {
    String[] variants = {
        "store_id,name\n0,online\n1,store_001\n",
        "store_id,name\r\n0,online\r\n1,store_001",
        "\uFEFFstore_id,name\r\n0,online\r\n1,store_001\r\n\r\n",
        "store_id,name\n0,\"online\"\n1, store_001 \n",
    };
    for (String v : variants) {
      assertEquals(List.of(new Store(0, "online"), new Store(1, "store_001")),
          ReferenceFiles.parseStores("store.txt", in(v)), v);
    }
    assertEquals(List.of(new Item(7, "bolt, large", 3, 0), new Item(9, "nut", 3, 5)),
        ReferenceFiles.parseItems("item.txt",
            in("item_id,name,supplier_id,safety_stock_quantity\r\n9,nut,3,5\r\n7,\"bolt, large\",3,0")));
  }

  @Test
  void textBeyondAsciiAndOldMacLineEnds() {
    assertEquals(List.of(new Item(7, "Café, Zürich", 3, 0), new Item(9, "nut", 3, 5)),
        ReferenceFiles.parseItems("item.txt", in(
            "item_id,name,supplier_id,safety_stock_quantity\r9,\u2003nut\u2003,3,5\r7,\"Café, Zürich\",3,0\r")));
  }

  @Test
  void invalidUtf8AndOverlongLinesNameTheirLine() {
    byte[] head = "store_id,name\n0,online\n1,st".getBytes(StandardCharsets.UTF_8);
    byte[] bad = new byte[head.length + 3];
    System.arraycopy(head, 0, bad, 0, head.length);
    bad[head.length] = (byte) 0xC3; // a lead byte without its continuation
    bad[head.length + 1] = 'x';
    bad[head.length + 2] = '\n';
    ReferenceFileException e = assertThrows(ReferenceFileException.class,
        () -> ReferenceFiles.parseStores("store.txt", new ByteArrayInputStream(bad)));
    assertEquals("store.txt line 3: not valid UTF-8", e.getMessage());

    String longName = "n".repeat(ReferenceFiles.MAX_LINE_BYTES);
    e = assertThrows(ReferenceFileException.class,
        () -> ReferenceFiles.parseStores("store.txt", in("store_id,name\n0,online\n1," + longName + "\n")));
    assertEquals(3, e.line());
    assertTrue(e.getMessage().contains("longer than " + ReferenceFiles.MAX_LINE_BYTES), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "empty file|``|1|missing header",
      "missing header|0,online\\n1,store_001\\n|1|missing header",
      "wrong header|store,name\\n0,online\\n|1|wrong header",
      "header only|store_id,name\\r\\n|2|no data rows",
      "too many columns|store_id,name\\n0,online\\n1,store_001,x\\n|3|expected 2 columns",
      "too few columns|store_id,name\\n0,online\\n1\\n|3|expected 2 columns (store_id,name), found 1",
      "non-integer id|store_id,name\\n0,online\\nabc,store_x\\n|3|store_id 'abc' is not an integer",
      "decimal id|store_id,name\\n0,online\\n1.5,store_x\\n|3|store_id '1.5' is not an integer",
      "empty id|store_id,name\\n0,online\\n,store_x\\n|3|store_id is empty",
      "duplicate id|store_id,name\\r\\n0,online\\r\\n1,a\\r\\n1,b|4|duplicate store_id 1 (first on line 3)",
      "empty name|store_id,name\\n0,online\\n1,  \\n|3|name is empty",
      "blank line in the middle|store_id,name\\n0,online\\n\\n1,a\\n|3|empty line",
      "unterminated quote|store_id,name\\n0,\"online\\n1,a\\n|2|malformed CSV",
      "extra header column|store_id,name,x\\n0,online\\n|1|wrong header",
  })
  void storeErrors(String title, String escaped, long line, String reason) {
    String content = unescape(escaped);
    ReferenceFileException e = assertThrows(ReferenceFileException.class,
        () -> ReferenceFiles.parseStores("store.txt", in(content)));
    assertEquals("store.txt", e.file());
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("store.txt line " + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "non-integer supplier|100001,a,x9,10|supplier_id 'x9' is not an integer",
      "non-integer safety stock|100001,a,9,ten|safety_stock_quantity 'ten' is not an integer",
      "negative safety stock|100001,a,9,-1|safety_stock_quantity -1 is negative",
      "empty item name|100001,,9,1|name is empty",
      "too few columns|100001,a,9|expected 4 columns",
      "duplicate item|100000,b,1,1\\n100000,a,9,1|duplicate item_id 100000 (first on line 2)",
  })
  void itemErrors(String title, String escapedRows, String reason) {
    String rows = unescape(escapedRows);
    String content = "item_id,name,supplier_id,safety_stock_quantity\r\n100000,b,1,1\r\n" + rows.replace("\n", "\r\n");
    // the bad row is the last one
    long line = content.split("\r\n").length;
    if (title.startsWith("duplicate")) {
      content = "item_id,name,supplier_id,safety_stock_quantity\r\n" + rows.replace("\n", "\r\n");
      line = 3;
    }
    String c = content;
    ReferenceFileException e = assertThrows(ReferenceFileException.class,
        () -> ReferenceFiles.parseItems("item.txt", in(c)));
    assertEquals(line, e.line(), e.getMessage());
    assertTrue(e.getMessage().startsWith("item.txt line " + line + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void changeTypeErrors() {
    ReferenceFileException e = assertThrows(ReferenceFileException.class, () -> ReferenceFiles.parseChangeTypes(
        "inventory_change_type.txt", in("change_type_id,change_type\r\n1,sale\r\n-1,snapshot\r\n-1,again")));
    assertEquals("inventory_change_type.txt line 4: duplicate change_type_id -1 (first on line 3)", e.getMessage());
    e = assertThrows(ReferenceFileException.class, () -> ReferenceFiles.parseChangeTypes(
        "inventory_change_type.txt", in("change_type_id,change_type\r\none,sale")));
    assertEquals("inventory_change_type.txt line 2: change_type_id 'one' is not an integer", e.getMessage());
    e = assertThrows(ReferenceFileException.class, () -> ReferenceFiles.parseChangeTypes(
        "inventory_change_type.txt", in("store_id,name\r\n1,sale")));
    assertTrue(e.getMessage().startsWith("inventory_change_type.txt line 1: wrong header: expected "
        + "change_type_id,change_type"), e.getMessage());
  }

  @Test
  void morePhysicalStores() {
    List<Store> seed = List.of(new Store(0, "online"), new Store(1, "store_001"));
    List<Store> five = ReferenceFiles.withPhysicalStores(seed, 5);
    assertEquals(List.of(new Store(0, "online"), new Store(1, "store_001"), new Store(2, "store_002"),
        new Store(3, "store_003"), new Store(4, "store_004"), new Store(5, "store_005")), five);
    assertEquals(seed, ReferenceFiles.withPhysicalStores(seed, 1));
    assertEquals(seed, ReferenceFiles.withPhysicalStores(seed, 0));
    // gaps are filled with the smallest unused ids
    List<Store> gappy = List.of(new Store(0, "online"), new Store(3, "downtown"));
    assertEquals(List.of(new Store(0, "online"), new Store(1, "store_001"), new Store(2, "store_002"),
        new Store(3, "downtown")), ReferenceFiles.withPhysicalStores(gappy, 3));

    byte[] file = ReferenceFiles.bundledBytes(ReferenceFiles.STORE_FILE);
    assertSame(file, ReferenceFiles.storeFileWithPhysicalStores(file, 1));
    byte[] three = ReferenceFiles.storeFileWithPhysicalStores(file, 3);
    assertEquals("store_id,name\r\n0,online\r\n1,store_001\r\n2,store_002\r\n3,store_003\r\n",
        new String(three, StandardCharsets.UTF_8));
    assertEquals(4, ReferenceFiles.parseStores("store.txt", new ByteArrayInputStream(three)).size());
    assertEquals("store_id,name\r\n0,\"a, b\"\r\n", new String(
        ReferenceFiles.storeFileContent(List.of(new Store(0, "a, b"))), StandardCharsets.UTF_8));
  }
}
