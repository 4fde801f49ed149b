package dev.backstop.outbound;

/**
 * The answer for one outgoing message.
 *
 * @param action     what to do with it
 * @param reason     why, for the log and the milter reply text; never message content
 * @param incidentId the open incident the message belongs to (the engine records its queue id with it when
 *                   held), or 0
 */
public record ContainmentDecision(ContainmentAction action, String reason, long incidentId) {
    static final ContainmentDecision ACCEPT = new ContainmentDecision(ContainmentAction.ACCEPT, "", 0);

    public boolean inIncident() {
        return incidentId > 0;
    }
}
