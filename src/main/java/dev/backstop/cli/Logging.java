package dev.backstop.cli;

import dev.backstop.config.BackstopConfig;
import java.util.Locale;

/** slf4j-simple reads its settings from system properties once, before the first logger is made. */
final class Logging {
    private Logging() {}

    static void configure(BackstopConfig.Level level) {
        set("org.slf4j.simpleLogger.logFile", "System.out");
        set("org.slf4j.simpleLogger.defaultLogLevel", level.name().toLowerCase(Locale.ROOT));
        set("org.slf4j.simpleLogger.showDateTime", "true");
        set("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        set("org.slf4j.simpleLogger.showShortLogName", "true");
        set("org.slf4j.simpleLogger.levelInBrackets", "true");
        set("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
    }

    private static void set(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
