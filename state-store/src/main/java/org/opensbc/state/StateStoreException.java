package org.opensbc.state;

/** The store could not be opened or read. */
public class StateStoreException extends Exception {

    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateStoreException(String message) {
        super(message);
    }
}
