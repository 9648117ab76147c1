package dev.poslake.activities.etl.domain;

/**
 * One exploded element of a message's {@code items}: its 0-based index within that part's array, item and quantity.
 * (trans_id, store_id, part, line) identifies a silver {@code inventory_change} row. An item listed twice in a
 * transaction gives two lines; both count.
 */
public record ChangeLine(int line, int itemId, int quantity) {}
