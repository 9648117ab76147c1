package dev.poslake.activities.reference;

/** A row of inventory_change_type.txt, with the ids the product's rules refer to. */
public record ChangeType(int changeTypeId, String changeType) {
  public static final int SALE = 1;
  public static final int SHRINK = 2;
  public static final int RESTOCK = 3;
  public static final int BOPIS = 4;
  public static final int SNAPSHOT = -1;
}
