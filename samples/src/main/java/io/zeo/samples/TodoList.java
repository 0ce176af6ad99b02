package io.zeo.samples;

import io.zeo.db.Counter;
import io.zeo.db.Persistent;
import io.zeo.db.PersistentTreeMap;
import java.util.Map;

/**
 * A to-do list shared by several processes: items in a {@link PersistentTreeMap} by number, the
 * numbers from a {@link Counter}. Two processes adding items at once conflict only when they
 * picked the same number; {@code DB.transact} then runs the loser again on fresh data.
 */
public class TodoList extends Persistent {
  private PersistentTreeMap<Long, TodoListItem> items = new PersistentTreeMap<>();
  private Counter lastNumber = new Counter();

  /** Adds an item and returns its number. */
  public long add(String text, String addedBy) {
    readAccess();
    long number = lastNumber.increment();
    items.put(number, new TodoListItem(text, addedBy));
    return number;
  }

  /** Ticks item {@code number} off; false if there is no such item. */
  public boolean markDone(long number) {
    readAccess();
    TodoListItem item = items.get(number);
    if (item == null) {
      return false;
    }
    item.markDone();
    return true;
  }

  /** The items by number, in order. */
  public Map<Long, TodoListItem> items() {
    readAccess();
    return items;
  }
}
