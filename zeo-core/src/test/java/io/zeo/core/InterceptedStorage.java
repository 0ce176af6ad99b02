package io.zeo.core;

import io.zeo.spi.Storage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/** A storage that delegates everything but lets a test replace chosen methods by name. */
final class InterceptedStorage {
  interface Hook {
    /** Returns the result, or {@link #PASS} to delegate. */
    Object call(String method, Object[] args, Function<Object[], Object> delegate);
  }

  static final Object PASS = new Object();

  private InterceptedStorage() {}

  static Storage wrap(Storage target, Hook hook) {
    return (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(), new Class<?>[] {Storage.class},
        (proxy, method, args) -> {
          Function<Object[], Object> delegate = a -> {
            try {
              return method.invoke(target, a);
            } catch (InvocationTargetException e) {
              if (e.getCause() instanceof RuntimeException r) {
                throw r;
              }
              throw new IllegalStateException(e.getCause());
            } catch (IllegalAccessException e) {
              throw new IllegalStateException(e);
            }
          };
          Object r = hook.call(method.getName(), args, delegate);
          return r == PASS ? delegate.apply(args) : r;
        });
  }
}
