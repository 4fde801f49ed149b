package dev.backstop.store;

/** One forward-only schema step, loaded from {@code migrations/V<version>__<name>.sql}. */
record Migration(int version, String name, String sql) {
}
