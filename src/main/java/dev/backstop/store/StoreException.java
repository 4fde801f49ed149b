package dev.backstop.store;

/** The store could not do what was asked; nothing was changed by the failed call. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
