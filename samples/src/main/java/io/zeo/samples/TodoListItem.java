package io.zeo.samples;

import io.zeo.db.Persistent;

/** One entry of a {@link TodoList}: its own persistent object, so ticking it off writes one small record. */
public class TodoListItem extends Persistent {
  private String text;
  private boolean done;
  private String addedBy;

  public TodoListItem(String text, String addedBy) {
    this.text = text;
    this.addedBy = addedBy;
  }

  public String text() {
    readAccess();
    return text;
  }

  public boolean isDone() {
    readAccess();
    return done;
  }

  public String addedBy() {
    readAccess();
    return addedBy;
  }

  public void markDone() {
    writeAccess();
    done = true;
  }
}
