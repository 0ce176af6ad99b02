package io.zeo.storage.file.internal;

/**
 * Sizes and offsets of the data file format; {@code docs/file-format.md} describes it byte by
 * byte and says why each field is there.
 *
 * <pre>
 * file header (32 bytes)
 *  0  4  magic "ZEOF"
 *  4  4  format version (1)
 *  8  8  oid high-water: no oid at or above it was ever handed out
 * 16 16  reserved, zero
 *
 * transaction record at offset P (TXN_HEADER bytes, then metadata, then data records, then trailer)
 *  0  8  tid
 *  8  8  length of the whole record, trailer included
 * 16  1  status: ' ' normal, 'p' packed, 'u' only if restored so, 'c' written at vote, not yet finished
 * 17  3  reserved, zero
 * 20  4  number of data records
 * 24  4  user length U      28 4 description length D      32 4 extension length E
 * 36     user, description, extension (UTF-8; extension = count, then length-prefixed pairs)
 *        data records
 * L-12 8 length again (so the file can be walked backwards and a torn tail recognised)
 * L-4  4 CRC32C of bytes [P, P+L-4), the status byte counted with its committed value
 *
 * data record at offset Q
 *  0  8  oid
 *  8  8  tid (the transaction's)
 * 16  8  prev: offset of this object's previous revision, 0 if none
 * 24  8  offset of the transaction record holding this data record
 * 32  8  back: 0 if the data follows; else offset of an earlier data record holding it
 * 40  4  data length; -1 = the revision records that the object's creation was undone
 * 44     data
 * </pre>
 */
public final class Format {
  public static final byte[] MAGIC = {'Z', 'E', 'O', 'F'};
  public static final int VERSION = 1;
  public static final int FILE_HEADER = 32;
  public static final int OID_HIGH_WATER_AT = 8;

  public static final int TXN_HEADER = 36;
  public static final int TXN_TRAILER = 12;
  public static final int STATUS_AT = 16;
  public static final int DATA_HEADER = 44;

  public static final char IN_PROGRESS = 'c';

  private Format() {}

  /** True for a status a committed transaction may carry. */
  public static boolean isCommittedStatus(int status) {
    return status == ' ' || status == 'p' || status == 'u';
  }
}
