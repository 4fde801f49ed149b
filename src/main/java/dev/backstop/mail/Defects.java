package dev.backstop.mail;

import java.util.ArrayList;
import java.util.List;

/** A bounded list of problems met while reading a message; past the bound they are only counted. */
public final class Defects {
    private final int max;
    private final List<String> list = new ArrayList<>();
    private int dropped;

    public Defects(int max) {
        this.max = max;
    }

    public void add(String defect) {
        if (list.size() < max) {
            list.add(defect.length() > 200 ? defect.substring(0, 200) : defect);
        } else {
            dropped++;
        }
    }

    /** The recorded defects, plus one line saying how many were dropped. */
    public List<String> toList() {
        if (dropped == 0) {
            return List.copyOf(list);
        }
        List<String> out = new ArrayList<>(list);
        out.add(dropped + " more defects not recorded");
        return List.copyOf(out);
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }
}
