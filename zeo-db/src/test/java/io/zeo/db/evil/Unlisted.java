package io.zeo.db.evil;

import io.zeo.db.Persistent;

/** A harmless persistent class that the test databases simply do not allow. */
public class Unlisted extends Persistent {
  private String text = "not allowed";
}
