package dev.backstop.store;

/** How many days each kind of record is kept. */
public record Retention(int ledgerDays, int eventDays, int quarantineDays) {
    /** The documented defaults: ledger 30 days, events 90, quarantine 30. */
    public static final Retention DEFAULT = new Retention(30, 90, 30);

    public Retention {
        check("ledgerDays", ledgerDays);
        check("eventDays", eventDays);
        check("quarantineDays", quarantineDays);
    }

    private static void check(String name, int days) {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException(name + " must be 1..3650, was " + days);
        }
    }
}
