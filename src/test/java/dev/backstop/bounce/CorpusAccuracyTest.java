package dev.backstop.bounce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Accuracy on the real corpus (../shared/corpus/sisimai, or BACKSTOP_CORPUS / -Dbackstop.corpus), scored
 * as {@code score.py --alias} scores it. Skipped, saying so, when the corpus is not there.
 */
class CorpusAccuracyTest {
    static final double DETECTED = 0.99;
    static final double STATUS_LOOSE = 0.97;
    static final double REASON_ALIAS = 0.95;
    static final double RECIPIENT = 0.97;

    static Path corpus() {
        String prop = System.getProperty("backstop.corpus");
        String env = System.getenv("BACKSTOP_CORPUS");
        String base = System.getProperty("basedir", System.getProperty("user.dir"));
        String chosen = prop != null && !prop.isBlank() ? prop
                : env != null && !env.isBlank() ? env : base + "/../shared/corpus/sisimai";
        return Path.of(chosen).toAbsolutePath().normalize();
    }

    @Test
    void meetsTheAccuracyFloors() throws IOException {
        Path dir = corpus();
        assumeTrue(Files.isRegularFile(dir.resolve("expected.tsv")) && Files.isDirectory(dir.resolve("eml")),
                "corpus not found at " + dir + " (set BACKSTOP_CORPUS or -Dbackstop.corpus); accuracy test skipped");
        Map<String, List<CorpusScore.Row>> expected = CorpusScore.readExpected(dir.resolve("expected.tsv"));
        BounceReader reader = new BounceReader();
        Map<String, List<CorpusScore.Row>> candidate = new TreeMap<>();
        for (Path p : TsvDump.files(dir.resolve("eml"))) {
            List<CorpusScore.Row> rows = new ArrayList<>();
            for (BounceRecipient r : reader.read(Files.readAllBytes(p)).recipients()) {
                rows.add(new CorpusScore.Row(r.address(), r.status(), r.replyCode(), r.reason().label(),
                        r.hard() ? "1" : "0"));
            }
            candidate.put(p.getFileName().toString(), rows);
        }
        CorpusScore score = new CorpusScore();
        score.score(expected, candidate);
        System.out.println("corpus accuracy (" + dir + "): " + score);
        assertThat(score.files).isGreaterThan(0);
        assertThat(score.detectedRate()).as("detected").isGreaterThanOrEqualTo(DETECTED);
        assertThat(score.statusLooseRate()).as("status_loose").isGreaterThanOrEqualTo(STATUS_LOOSE);
        assertThat(score.reasonAliasRate()).as("reason_accuracy_alias").isGreaterThanOrEqualTo(REASON_ALIAS);
        assertThat(score.recipientRate()).as("recipient").isGreaterThanOrEqualTo(RECIPIENT);
    }
}
