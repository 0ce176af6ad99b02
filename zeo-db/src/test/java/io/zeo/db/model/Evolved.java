package io.zeo.db.model;

import io.zeo.db.Persistent;
import java.util.ArrayList;
import java.util.List;

/** A class that gained fields after records of it were written. */
public class Evolved extends Persistent {
  private String title;
  private List<String> tags = new ArrayList<>(); // added later
  private int version; // added later

  public String title() {
    readAccess();
    return title;
  }

  public List<String> tags() {
    readAccess();
    return tags;
  }

  public int version() {
    readAccess();
    return version;
  }

  @Override
  protected void stateLoaded() {
    if (tags == null) {
      tags = new ArrayList<>();
    }
  }
}
