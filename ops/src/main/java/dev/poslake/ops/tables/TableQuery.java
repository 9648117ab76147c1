package dev.poslake.ops.tables;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;

/**
 * What to read from a table: optional time travel and equality filters, a row limit.
 *
 * @param asOf read the table as it was at that time (Iceberg time travel), or null for now
 * @param limit max rows, or 0 for all
 */
public record TableQuery(String table, OffsetDateTime asOf, Integer storeId, Integer itemId, int limit) {

  public Expression filter() {
    List<Expression> parts = new ArrayList<>();
    if (storeId != null) parts.add(Expressions.equal("store_id", storeId));
    if (itemId != null) parts.add(Expressions.equal("item_id", itemId));
    Expression e = Expressions.alwaysTrue();
    for (Expression p : parts) e = Expressions.and(e, p);
    return e;
  }
}
