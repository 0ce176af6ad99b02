package io.zeo.spi;

/**
 * What a storage is and can do, as a server announces it in the handshake and after each
 * commit or pack.
 *
 * @param name the storage's name
 * @param lastTid the last committed tid, {@link Tid#NONE} if none
 * @param size approximate size in bytes
 * @param readOnly whether writes are refused
 * @param supportsUndo whether undo and undoLog work
 * @param supportsPack whether pack works
 */
public record StorageInfo(String name, long lastTid, long size, boolean readOnly, boolean supportsUndo,
    boolean supportsPack) {
}
