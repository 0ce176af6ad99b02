package io.zeo.db.model;

import io.zeo.db.Persistent;

/** A small persistent object with a reference, for tests. */
public class Item extends Persistent {
  private String name;
  private int count;
  private Item link;

  public Item() {}

  public Item(String name) {
    this.name = name;
  }

  public String name() {
    readAccess();
    return name;
  }

  public void setName(String name) {
    writeAccess();
    this.name = name;
  }

  public int count() {
    readAccess();
    return count;
  }

  public void setCount(int count) {
    writeAccess();
    this.count = count;
  }

  public Item link() {
    readAccess();
    return link;
  }

  public void setLink(Item link) {
    writeAccess();
    this.link = link;
  }

  /** For tests that look behind the access hooks: the raw field, no loading. */
  public String rawName() {
    return name;
  }
}
