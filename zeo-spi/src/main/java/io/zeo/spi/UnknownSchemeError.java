package io.zeo.spi;

import java.util.List;

/** No plugin on the class path handles a URI's scheme. The message lists the known ones. */
public class UnknownSchemeError extends StorageError {
  private static final long serialVersionUID = 1L;
  private final String scheme;
  private final List<String> known;

  public UnknownSchemeError(String kind, String scheme, List<String> known) {
    super(String.format("no %s for scheme \"%s\"; schemes on the class path: %s", kind, scheme, known));
    this.scheme = scheme;
    this.known = List.copyOf(known);
  }

  /** The scheme asked for. */
  public String scheme() {
    return scheme;
  }

  /** The schemes that were available. */
  public List<String> known() {
    return known;
  }
}
