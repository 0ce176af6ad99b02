package io.zeo.storage.file;

import io.zeo.spi.Storage;
import io.zeo.spi.StorageProvider;
import io.zeo.spi.StorageUri;
import java.nio.file.Path;

/**
 * Opens {@code file:} URIs as {@link FileStorage}s:
 * {@code file:/var/zeo/main.fs?read-only=false&create=true&max-record-size=64MB&pack-keep-old=true}
 * (all options optional, defaults shown; unknown options are an error). A relative path is
 * resolved against the working directory. Registered in
 * {@code META-INF/services/io.zeo.spi.StorageProvider}.
 */
public final class FileStorageProvider extends StorageProvider {
  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public Storage open(StorageUri uri) {
    String body = uri.body();
    if (body.startsWith("//")) {
      body = body.substring(2); // file:///abs/path
    }
    if (body.isEmpty()) {
      throw new IllegalArgumentException("no path in \"" + uri + "\"; expected file:/path/to/data.fs");
    }
    FileStorageBuilder b = FileStorage.builder(Path.of(body))
        .readOnly(uri.bool("read-only", false))
        .create(uri.bool("create", true))
        .maxRecordSize(uri.size("max-record-size", FileStorageBuilder.DEFAULT_MAX_RECORD_SIZE))
        .packKeepOld(uri.bool("pack-keep-old", true));
    uri.rejectUnknownOptions();
    return b.open();
  }
}
