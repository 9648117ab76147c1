package dev.poslake.activities.reference;

import dev.poslake.activities.contracts.CsvFields;
import dev.poslake.activities.contracts.CsvLineReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Parses and validates the reference files (store.txt, item.txt, inventory_change_type.txt): comma-separated
 * with a header row, CRLF or LF line endings, final newline optional, UTF-8 (a BOM is ignored), fields may be
 * quoted (a quoted field cannot span lines) and are trimmed. Blank lines at the end are ignored. Every
 * problem is a {@link ReferenceFileException} naming the file, line and reason: missing or wrong header,
 * wrong column count, non-integer number, duplicate id, empty name, negative safety stock, no data rows.
 */
public final class ReferenceFiles {
  private ReferenceFiles() {}

  public static final String STORE_FILE = "store.txt";
  public static final String ITEM_FILE = "item.txt";
  public static final String CHANGE_TYPE_FILE = "inventory_change_type.txt";
  public static final List<String> FILES = List.of(STORE_FILE, ITEM_FILE, CHANGE_TYPE_FILE);

  public static final List<String> STORE_HEADER = List.of("store_id", "name");
  public static final List<String> ITEM_HEADER = List.of("item_id", "name", "supplier_id", "safety_stock_quantity");
  public static final List<String> CHANGE_TYPE_HEADER = List.of("change_type_id", "change_type");

  /** Classpath folder of the bundled seed files. */
  public static final String BUNDLED_RESOURCE_DIR = "/pos-data/";

  /** Far above any real line (an item's name); a file without line breaks fails at this length, unbuffered. */
  static final int MAX_LINE_BYTES = 64 * 1024;
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /** One data row: its 1-based line number and trimmed fields. */
  record Row(String file, long line, String[] fields) {
    ReferenceFileException error(String reason) {
      return new ReferenceFileException(file, line, reason);
    }

    int intField(int i, String column) {
      String v = fields[i];
      if (v.isEmpty()) throw error(column + " is empty");
      try {
        return Integer.parseInt(v);
      } catch (NumberFormatException e) {
        throw error(column + " '" + v + "' is not an integer");
      }
    }

    String nonEmpty(int i, String column) {
      String v = fields[i];
      if (v.isEmpty()) throw error(column + " is empty");
      return v;
    }
  }

  // ---------------------------------------------------------------- parsing

  public static List<Store> parseStores(String fileName, InputStream in) {
    List<Store> out = new ArrayList<>();
    Map<Integer, Long> seen = new HashMap<>();
    readRows(fileName, in, STORE_HEADER, row -> {
      int id = row.intField(0, "store_id");
      unique(row, seen, id, "store_id");
      out.add(new Store(id, row.nonEmpty(1, "name")));
    });
    return out;
  }

  /** Items in item_id order. */
  public static List<Item> parseItems(String fileName, InputStream in) {
    List<Item> out = new ArrayList<>();
    Map<Integer, Long> seen = new HashMap<>();
    readRows(fileName, in, ITEM_HEADER, row -> {
      int id = row.intField(0, "item_id");
      unique(row, seen, id, "item_id");
      String name = row.nonEmpty(1, "name");
      int supplier = row.intField(2, "supplier_id");
      int safety = row.intField(3, "safety_stock_quantity");
      if (safety < 0) throw row.error("safety_stock_quantity " + safety + " is negative");
      out.add(new Item(id, name, supplier, safety));
    });
    out.sort(Comparator.comparingInt(Item::itemId));
    return out;
  }

  public static List<ChangeType> parseChangeTypes(String fileName, InputStream in) {
    List<ChangeType> out = new ArrayList<>();
    Map<Integer, Long> seen = new HashMap<>();
    readRows(fileName, in, CHANGE_TYPE_HEADER, row -> {
      int id = row.intField(0, "change_type_id");
      unique(row, seen, id, "change_type_id");
      out.add(new ChangeType(id, row.nonEmpty(1, "change_type")));
    });
    return out;
  }

  private static void unique(Row row, Map<Integer, Long> seen, int id, String column) {
    Long first = seen.putIfAbsent(id, row.line());
    if (first != null) {
      throw row.error("duplicate " + column + " " + id + " (first on line " + first + ")");
    }
  }

  /** Streams the data rows of a file, after checking its header; fails on the first invalid line. */
  static void readRows(String fileName, InputStream in, List<String> header, Consumer<Row> consumer) {
    String expected = String.join(",", header);
    CsvFields split = new CsvFields(header.size());
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    long lineNo = 0;
    long firstBlank = 0;
    long rows = 0;
    CsvLineReader lines = new CsvLineReader(in, MAX_LINE_BYTES); // not closed: the caller owns the stream
    try {
      while (lines.next()) { // lines end at \r\n, \n or \r; a missing final newline is fine
        lineNo++;
        if (lines.tooLong()) {
          throw new ReferenceFileException(fileName, lineNo, "line longer than " + MAX_LINE_BYTES + " bytes");
        }
        byte[] b = lines.buffer();
        int start = lines.start();
        int end = lines.end();
        if (lineNo == 1 && startsWithBom(b, start, end)) start += BOM.length;
        String text = ascii(b, start, end) ? null : decode(utf8, fileName, lineNo, b, start, end);
        if (text == null ? asciiBlank(b, start, end) : text.isBlank()) {
          if (lineNo == 1) throw new ReferenceFileException(fileName, 1, "missing header: expected " + expected
              + ", found an empty line");
          if (firstBlank == 0) firstBlank = lineNo;
          continue;
        }
        if (firstBlank != 0) {
          throw new ReferenceFileException(fileName, firstBlank, "empty line");
        }
        int count = split.split(b, start, end);
        if (split.unclosedQuote()) {
          throw new ReferenceFileException(fileName, lineNo,
              "malformed CSV: a quoted field is not closed on its line");
        }
        String[] fields = new String[Math.min(count, header.size())];
        for (int i = 0; i < fields.length; i++) fields[i] = split.text(i).strip();
        if (lineNo == 1) {
          checkHeader(fileName, header, fields, count, text != null ? text : new String(b, start, end - start,
              StandardCharsets.US_ASCII));
          continue;
        }
        if (count != header.size()) {
          throw new ReferenceFileException(fileName, lineNo,
              "expected " + header.size() + " columns (" + expected + "), found " + count);
        }
        consumer.accept(new Row(fileName, lineNo, fields));
        rows++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + fileName, e);
    }
    if (lineNo == 0) {
      throw new ReferenceFileException(fileName, 1, "missing header: the file is empty, expected " + expected);
    }
    if (rows == 0) {
      throw new ReferenceFileException(fileName, 2, "no data rows after the header");
    }
  }

  private static boolean startsWithBom(byte[] b, int start, int end) {
    return end - start >= BOM.length && b[start] == BOM[0] && b[start + 1] == BOM[1] && b[start + 2] == BOM[2];
  }

  private static boolean ascii(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (b[i] < 0) return false;
    }
    return true;
  }

  private static boolean asciiBlank(byte[] b, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isWhitespace(b[i])) return false;
    }
    return true;
  }

  /** The line as text, or a {@link ReferenceFileException} if it is not UTF-8. */
  private static String decode(CharsetDecoder utf8, String fileName, long lineNo, byte[] b, int start, int end) {
    try {
      return utf8.reset().decode(ByteBuffer.wrap(b, start, end - start)).toString();
    } catch (CharacterCodingException e) {
      throw new ReferenceFileException(fileName, lineNo, "not valid UTF-8");
    }
  }

  private static void checkHeader(String fileName, List<String> header, String[] fields, int count, String line) {
    if (count == header.size() && List.of(fields).equals(header)) return;
    String expected = String.join(",", header);
    boolean looksLikeData = fields.length > 0 && fields[0].matches("-?\\d+");
    throw new ReferenceFileException(fileName, 1, (looksLikeData ? "missing header: expected " + expected
        + " on the first line, found data '" : "wrong header: expected " + expected + ", found '") + line + "'");
  }

  // ---------------------------------------------------------------- whole sets

  /** Something that opens a reference file by its file name (store.txt, ...). */
  @FunctionalInterface
  public interface Opener {
    InputStream open(String fileName) throws IOException;
  }

  public static ReferenceData load(Opener opener) {
    try (InputStream s = opener.open(STORE_FILE);
         InputStream i = opener.open(ITEM_FILE);
         InputStream c = opener.open(CHANGE_TYPE_FILE)) {
      return new ReferenceData(parseStores(STORE_FILE, s), parseItems(ITEM_FILE, i),
          parseChangeTypes(CHANGE_TYPE_FILE, c));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read reference files", e);
    }
  }

  /** Parses the three files from their bytes, keyed by file name. */
  public static ReferenceData load(Map<String, byte[]> files) {
    return load(name -> {
      byte[] b = files.get(name);
      if (b == null) throw new IOException("missing reference file " + name);
      return new ByteArrayInputStream(b);
    });
  }

  /** The seed files shipped in the jar. */
  public static ReferenceData loadBundled() {
    return load(ReferenceFiles::openBundled);
  }

  public static InputStream openBundled(String fileName) throws IOException {
    InputStream in = ReferenceFiles.class.getResourceAsStream(BUNDLED_RESOURCE_DIR + fileName);
    if (in == null) throw new IOException("no bundled reference file " + fileName);
    return in;
  }

  public static byte[] bundledBytes(String fileName) {
    try (InputStream in = openBundled(fileName)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- more stores

  /** Stores other than the online store. */
  public static int physicalStoreCount(List<Store> stores) {
    return (int) stores.stream().filter(s -> !s.isOnline()).count();
  }

  /**
   * The stores with physical stores added until there are {@code physicalStores} of them (plus the online
   * store): the smallest unused ids from 1 up, named store_NNN (store_002, store_003, ...). Existing stores are
   * kept unchanged; asking for fewer stores than there are changes nothing. Sorted by store_id.
   */
  public static List<Store> withPhysicalStores(List<Store> stores, int physicalStores) {
    List<Store> out = new ArrayList<>(stores);
    Set<Integer> ids = new TreeSet<>();
    Set<String> names = new TreeSet<>();
    stores.forEach(s -> {
      ids.add(s.storeId());
      names.add(s.name());
    });
    int count = physicalStoreCount(stores);
    for (int id = 1; count < physicalStores; id++) {
      String name = String.format("store_%03d", id);
      if (ids.contains(id)) continue;
      if (names.contains(name)) name = name + "_" + id;
      out.add(new Store(id, name));
      count++;
    }
    out.sort(Comparator.comparingInt(Store::storeId));
    return out;
  }

  /** store.txt content for these stores: header, CRLF line endings like the seed file. */
  public static byte[] storeFileContent(List<Store> stores) {
    StringBuilder b = new StringBuilder(String.join(",", STORE_HEADER)).append("\r\n");
    for (Store s : stores) {
      b.append(s.storeId()).append(',').append(csvField(s.name())).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * store.txt bytes with at least {@code physicalStores} physical stores: the original bytes when it already
   * has enough (so its hash, and the store table, stay unchanged), else the extended file.
   */
  public static byte[] storeFileWithPhysicalStores(byte[] storeFile, int physicalStores) {
    List<Store> stores = parseStores(STORE_FILE, new ByteArrayInputStream(storeFile));
    if (physicalStoreCount(stores) >= physicalStores) return storeFile;
    return storeFileContent(withPhysicalStores(stores, physicalStores));
  }

  private static String csvField(String v) {
    if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.strip().equals(v)) return v;
    return '"' + v.replace("\"", "\"\"") + '"';
  }
}
