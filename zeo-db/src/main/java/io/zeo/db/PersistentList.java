package io.zeo.db;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.RandomAccess;

/**
 * A persistent {@link List} stored as one record (ZODB's {@code PersistentList}). Every change
 * through the list, its iterators or its sublists marks it changed.
 *
 * @param <E> element type: an allowed, {@link java.io.Serializable} class (or a persistent one)
 */
public class PersistentList<E> extends Persistent implements List<E>, RandomAccess {
  private ArrayList<E> data = new ArrayList<>();
  /** Made on demand: ghosts are created without running constructors or initializers. */
  private transient View view;

  /** An empty list. */
  public PersistentList() {}

  /** A list holding the elements of {@code c}. */
  public PersistentList(Collection<? extends E> c) {
    data.addAll(c);
  }

  @Override
  public int size() {
    readAccess();
    return data.size();
  }

  @Override
  public boolean isEmpty() {
    return size() == 0;
  }

  @Override
  public E get(int index) {
    readAccess();
    return data.get(index);
  }

  @Override
  public E set(int index, E element) {
    return view().set(index, element);
  }

  @Override
  public boolean add(E e) {
    return view().add(e);
  }

  @Override
  public void add(int index, E element) {
    view().add(index, element);
  }

  @Override
  public E remove(int index) {
    return view().remove(index);
  }

  @Override
  public boolean remove(Object o) {
    return view().remove(o);
  }

  @Override
  public boolean addAll(Collection<? extends E> c) {
    return view().addAll(c);
  }

  @Override
  public boolean addAll(int index, Collection<? extends E> c) {
    return view().addAll(index, c);
  }

  @Override
  public boolean removeAll(Collection<?> c) {
    return view().removeAll(c);
  }

  @Override
  public boolean retainAll(Collection<?> c) {
    return view().retainAll(c);
  }

  @Override
  public void clear() {
    writeAccess();
    data.clear();
  }

  @Override
  public boolean contains(Object o) {
    readAccess();
    return data.contains(o);
  }

  @Override
  public boolean containsAll(Collection<?> c) {
    readAccess();
    return data.containsAll(c);
  }

  @Override
  public int indexOf(Object o) {
    readAccess();
    return data.indexOf(o);
  }

  @Override
  public int lastIndexOf(Object o) {
    readAccess();
    return data.lastIndexOf(o);
  }

  @Override
  public Object[] toArray() {
    readAccess();
    return data.toArray();
  }

  @Override
  public <T> T[] toArray(T[] a) {
    readAccess();
    return data.toArray(a);
  }

  @Override
  public Iterator<E> iterator() {
    return view().iterator();
  }

  @Override
  public ListIterator<E> listIterator() {
    return view().listIterator();
  }

  @Override
  public ListIterator<E> listIterator(int index) {
    return view().listIterator(index);
  }

  @Override
  public List<E> subList(int fromIndex, int toIndex) {
    return view().subList(fromIndex, toIndex);
  }

  @Override
  public boolean equals(Object o) {
    return o == this || view().equals(o);
  }

  @Override
  public int hashCode() {
    return view().hashCode();
  }

  @Override
  public String toString() {
    return view().toString();
  }

  private View view() {
    View v = view;
    if (v == null) {
      v = new View();
      view = v;
    }
    return v;
  }

  /** The list's behaviour, with reads loading the list and changes marking it changed. */
  private final class View extends AbstractList<E> implements RandomAccess {
    @Override
    public E get(int index) {
      return PersistentList.this.get(index);
    }

    @Override
    public int size() {
      return PersistentList.this.size();
    }

    @Override
    public E set(int index, E element) {
      writeAccess();
      return data.set(index, element);
    }

    @Override
    public void add(int index, E element) {
      writeAccess();
      data.add(index, element);
      modCount++;
    }

    @Override
    public E remove(int index) {
      writeAccess();
      E e = data.remove(index);
      modCount++;
      return e;
    }

    @Override
    protected void removeRange(int fromIndex, int toIndex) {
      writeAccess();
      data.subList(fromIndex, toIndex).clear();
      modCount++;
    }
  }
}
