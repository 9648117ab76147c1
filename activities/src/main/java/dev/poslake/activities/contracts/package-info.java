/**
 * The data contracts that the generator (producer) and the ETL (consumer) share, defined once so the two cannot
 * drift: the recount object key ({@link dev.poslake.activities.contracts.RecountFileKey}), the recount CSV
 * ({@link dev.poslake.activities.contracts.RecountCsv}), the timestamp forms
 * ({@link dev.poslake.activities.contracts.Timestamps}) and the CSV tokenizer
 * ({@link dev.poslake.activities.contracts.CsvLineReader}, {@link dev.poslake.activities.contracts.CsvFields}).
 * This package imports neither the generator nor the ETL.
 */
package dev.poslake.activities.contracts;
