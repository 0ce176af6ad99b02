package io.zeo.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The error types carry their fields and say them; value records compare arrays by content. */
class ValueTypesTest {

  @Test
  void conflictErrorNamesOidAndBothSerials() {
    long old = Tid.of(2026, 1, 1, 0, 0, 0);
    long committed = Tid.of(2026, 1, 2, 0, 0, 0);
    ConflictError e = new ConflictError(0x1f2e, old, committed);
    assertThat(e.oid()).isEqualTo(0x1f2e);
    assertThat(e.oldSerial()).isEqualTo(old);
    assertThat(e.committedSerial()).isEqualTo(committed);
    assertThat(e.getMessage()).contains("0x1f2e").contains(Tid.toHex(old)).contains(Tid.toHex(committed));
    ReadConflictError r = new ReadConflictError(5, old, committed);
    assertThat(r).isInstanceOf(ConflictError.class);
    assertThat(r.getMessage()).contains("read conflict");
  }

  @Test
  void unknownSchemeErrorListsTheKnownSchemes() {
    UnknownSchemeError e = new UnknownSchemeError("storage provider", "nope", List.of("file", "memory"));
    assertThat(e.scheme()).isEqualTo("nope");
    assertThat(e.known()).containsExactly("file", "memory");
    assertThat(e.getMessage()).contains("nope").contains("file").contains("memory");
  }

  @Test
  void undoAndKeyErrorsCarryTheOid() {
    assertThat(new UndoError("changed later", 7).oid()).isEqualTo(7);
    assertThat(new UndoError("changed later", 7).getMessage()).contains("0x07");
    assertThat(new UndoError("unknown transaction").oid()).isEqualTo(-1);
    assertThat(new POSKeyError(9).oid()).isEqualTo(9);
    assertThat(new POSKeyError(9).getMessage()).contains("0x09");
  }

  @Test
  void recordsCompareDataByContent() {
    assertThat(new LoadResult(new byte[] {1, 2}, 5)).isEqualTo(new LoadResult(new byte[] {1, 2}, 5))
        .hasSameHashCodeAs(new LoadResult(new byte[] {1, 2}, 5))
        .isNotEqualTo(new LoadResult(new byte[] {1, 3}, 5));
    assertThat(new Revision(new byte[] {1}, 1, 2)).isEqualTo(new Revision(new byte[] {1}, 1, 2));
    assertThat(new Revision(new byte[] {1}, 1, Tid.NONE).isCurrent()).isTrue();
    assertThat(new DataRecord(1, 2, null, 0)).isEqualTo(new DataRecord(1, 2, null, 0));
    assertThat(new DataRecord(1, 2, new byte[] {4}, 0)).isNotEqualTo(new DataRecord(1, 2, null, 0));
    assertThat(new DataRecord(1, 2, null, 0).toString()).contains("deleted");
  }

  @Test
  void metadataIsImmutableAndNamesATransactionByIdentity() {
    Map<String, String> ext = new HashMap<>(Map.of("a", "1"));
    TransactionMetadata t = new TransactionMetadata("u", "d", ext);
    ext.put("b", "2");
    assertThat(t.extension()).containsOnlyKeys("a");
    TransactionMetadata same = new TransactionMetadata("u", "d", Map.of("a", "1"));
    assertThat(t.sameContent(same)).isTrue();
    assertThat(t).isNotEqualTo(same);
    assertThat(TransactionMetadata.empty().user()).isEmpty();
  }
}
