package dev.poslake.interop;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** The output of `pos table NAME --format csv` (a header line, then rows; the pipeline's values hold no comma). */
final class Csv {
  private Csv() {}

  /** Header first, then the rows. */
  static List<String[]> parse(String csv) {
    List<String[]> rows = csv.lines().filter(l -> !l.isEmpty()).map(l -> l.split(",", -1)).toList();
    if (rows.isEmpty()) throw new AssertionError("no csv header in: " + csv);
    return rows;
  }

  /** Per store_id: rows and the sum of {@code column}. */
  static Map<Integer, List<Long>> perStore(List<String[]> csv, String column) {
    int store = column(csv, "store_id");
    int value = column(csv, column);
    Map<Integer, long[]> acc = new TreeMap<>();
    for (String[] r : csv.subList(1, csv.size())) {
      long[] a = acc.computeIfAbsent(Integer.parseInt(r[store]), k -> new long[2]);
      a[0]++;
      a[1] += Long.parseLong(r[value]);
    }
    Map<Integer, List<Long>> m = new TreeMap<>();
    acc.forEach((k, a) -> m.put(k, List.of(a[0], a[1])));
    return m;
  }

  /** "store,item,current_inventory" of every gold row. */
  static Set<String> keys(List<String[]> csv) {
    int store = column(csv, "store_id");
    int item = column(csv, "item_id");
    int qty = column(csv, "current_inventory");
    Set<String> s = new HashSet<>();
    for (String[] r : csv.subList(1, csv.size())) s.add(r[store] + "," + r[item] + "," + r[qty]);
    if (s.size() != csv.size() - 1) throw new AssertionError("pos table printed a (store, item) twice");
    return s;
  }

  private static int column(List<String[]> csv, String name) {
    int i = Arrays.asList(csv.get(0)).indexOf(name);
    if (i < 0) throw new AssertionError("no column " + name + " in " + String.join(",", csv.get(0)));
    return i;
  }
}
