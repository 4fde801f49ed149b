package dev.backstop.config;

/** The configuration is wrong; the message names the key path and the bad value and is meant for the admin. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
