package dev.poslake.activities.reference;

/** A row of item.txt. */
public record Item(int itemId, String name, int supplierId, int safetyStockQuantity) {}
