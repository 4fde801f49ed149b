package dev.backstop.mail;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A message as far as it could be read: the entity tree and the defects met. Never null parts; a message
 * that could not be read at all is an empty text/plain root with defects.
 */
public final class ParsedMessage {
    private final MimePart root;
    private final List<String> defects;

    ParsedMessage(MimePart root, List<String> defects) {
        this.root = root;
        this.defects = List.copyOf(defects);
    }

    public MimePart root() {
        return root;
    }

    public List<String> defects() {
        return defects;
    }

    /** Every entity in document order (iterative, so depth cannot overflow the stack). */
    public List<MimePart> parts() {
        List<MimePart> out = new ArrayList<>();
        Deque<MimePart> stack = new ArrayDeque<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            MimePart p = stack.pop();
            out.add(p);
            List<MimePart> kids = p.children();
            for (int i = kids.size() - 1; i >= 0; i--) {
                stack.push(kids.get(i));
            }
        }
        return out;
    }
}
