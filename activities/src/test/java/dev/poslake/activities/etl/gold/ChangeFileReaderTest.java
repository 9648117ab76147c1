package dev.poslake.activities.etl.gold;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.tables.InventoryChangeTable;
import org.apache.iceberg.parquet.ParquetSchemaUtil;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;

/**
 * Which silver files gold decodes column by column: silver's own (the merge tests check the rows it reads), and
 * not a file whose gold columns are optional or of another type, which goes through the generic reader.
 */
class ChangeFileReaderTest {
  @Test
  void silversOwnSchemaIsDecodedByColumn() {
    assertTrue(ChangeFileReader.decodable(ParquetSchemaUtil.convert(InventoryChangeTable.SCHEMA, "table")));
  }

  @Test
  void otherShapesGoThroughTheGenericReader() {
    String columns = "required int32 store_id; required int32 item_id; required int32 change_type_id; "
        + "required int32 quantity; ";
    assertTrue(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "required int64 date_time (TIMESTAMP(MICROS,true)); }")));
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "optional int64 date_time (TIMESTAMP(MICROS,true)); }")), "optional");
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "required int64 date_time (TIMESTAMP(MILLIS,true)); }")), "millis");
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { " + columns + "}")), "no date_time");
    assertFalse(ChangeFileReader.decodable(MessageTypeParser.parseMessageType(
        "message t { required int64 store_id; required int32 item_id; required int32 change_type_id; "
            + "required int32 quantity; required int64 date_time (TIMESTAMP(MICROS,true)); }")), "64-bit store_id");
  }
}
