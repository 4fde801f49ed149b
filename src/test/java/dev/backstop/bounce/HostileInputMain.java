package dev.backstop.bounce;

import java.util.Map;
import java.util.function.Supplier;

/** Reads every hostile input once; run by {@link HostileInputTest} in a JVM with -Xmx256m. */
public final class HostileInputMain {
    public static void main(String[] args) {
        BounceReader reader = new BounceReader();
        int n = 0;
        for (Map.Entry<String, Supplier<byte[]>> e : HostileInputs.all().entrySet()) {
            BounceReport r = reader.read(e.getValue().get());
            if (r == null) {
                System.out.println("null report for " + e.getKey());
                System.exit(1);
            }
            System.out.println(e.getKey() + ": " + r.kind().label() + ", defects " + r.defects());
            n++;
        }
        System.out.println("all " + n + " hostile inputs read, max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MB");
    }
}
