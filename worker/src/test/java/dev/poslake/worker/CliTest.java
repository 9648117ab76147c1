package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.worker.CliRunner.Result;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The `pos` command line through {@code Main.run}: exit codes 0 / 2, --help everywhere, and `table` on a real
 * stack (exit 1 with one `error:` line for a missing table). Bad configuration: {@link CliConfigErrorTest}.
 */
@ExtendWith(PosStackExtension.class)
class CliTest {
  static final List<String> COMMANDS = List.of("up", "generate", "replay", "publish", "table", "rebuild");

  @Test
  void helpOnEveryCommandExitsZero() {
    Result top = CliRunner.run("--help");
    assertEquals(0, top.code(), top.toString());
    for (String c : COMMANDS) {
      assertTrue(top.out().contains(c), "pos --help lists " + c + "\n" + top);
      Result r = CliRunner.run(c, "--help");
      assertEquals(0, r.code(), r.toString());
      assertTrue(r.out().contains("Usage: pos " + c), r.toString());
      assertEquals("", r.err(), r.toString());
      Result h = CliRunner.run("help", c);
      assertEquals(0, h.code(), h.toString());
      assertTrue(h.out().contains("Usage: pos " + c), h.toString());
    }
  }

  @Test
  void badUsageExitsTwo() {
    for (String[] args : List.of(
        new String[] {"table", "item", "--no-such-option"},
        new String[] {"--no-such-option"},
        new String[] {"no-such-command"},
        new String[] {"table"}, // NAME missing
        new String[] {"table", "item", "--limit", "many"},
        new String[] {"generate"}, // without --once
        new String[] {"rebuild", "--tables", "silver,bronze"})) { // bronze is the source, not rebuilt
      Result r = CliRunner.run(args);
      assertEquals(2, r.code(), String.join(" ", args) + ": " + r);
      assertTrue(!r.err().isBlank(), r.toString());
    }
    assertTrue(CliRunner.run("table", "item", "--no-such-option").err().contains("--no-such-option"));
    assertTrue(CliRunner.run("rebuild", "--tables", "bronze").err().contains("silver, snapshots, gold"));
  }

  @Test
  void tablePrintsTheRequestedRowsOfALoadedStack(PosStackExtension.Running stack) throws Exception {
    try (PipelineResources resources = PipelineResources.open(stack.config())) {
      ReferenceTables reference = ReferenceTables.of(resources);
      reference.ensureUploaded();
      reference.refresh();
    }
    // another command on the same data dir attaches to the running stack
    String dataDir = stack.dataDir().toString();
    Result r = CliRunner.run("table", "item", "--limit", "3", "--data-dir", dataDir);
    assertEquals(0, r.code(), r.toString());
    List<String> lines = r.outLines();
    assertEquals(6, lines.size(), "header, rule, 3 rows, count\n" + r);
    assertTrue(lines.get(0).startsWith("item_id"), r.toString());
    assertEquals(3, lines.stream().filter(l -> l.matches("1\\d{5} +\\|.*")).count(), r.toString());
    assertEquals("(3 rows)", lines.get(5));

    Result csv = CliRunner.run("table", "item", "--limit", "3", "--format", "csv", "--data-dir", dataDir);
    assertEquals(0, csv.code(), csv.toString());
    assertEquals(List.of("item_id", "name", "supplier_id", "safety_stock_quantity"),
        List.of(csv.outLines().get(0).split(",")));
    assertEquals(4, csv.outLines().size(), csv.toString());

    Result missing = CliRunner.run("table", "nosuch", "--data-dir", dataDir);
    assertEquals(1, missing.code(), missing.toString());
    assertEquals(1, missing.errorLines().size(), missing.toString());
    assertTrue(missing.errorLines().get(0).contains("nosuch"), missing.toString());
    assertEquals(List.of(), missing.outLines(), missing.toString());
  }
}
