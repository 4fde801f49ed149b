package dev.backstop.inbound;

import static dev.backstop.inbound.Evidence.Strength.DECISIVE;
import static dev.backstop.inbound.Evidence.Strength.MEDIUM;
import static dev.backstop.inbound.Evidence.Strength.STRONG;
import static dev.backstop.inbound.Evidence.Strength.WEAK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class VerdictRuleTest {
    private static Verdict verdict(Evidence... e) {
        return VerdictRule.judge(List.of(e)).verdict();
    }

    @Test
    void noEvidenceIsUnknown() {
        assertThat(verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict(Evidence.note("ledger", "not found"))).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void decisiveEvidenceSettlesItAgainstAnyWeight() {
        assertThat(verdict(Evidence.genuine("ledger", DECISIVE, "x"), Evidence.backscatter("spf", STRONG, "y"),
                Evidence.backscatter("dnsbl", WEAK, "z"))).isEqualTo(Verdict.GENUINE);
        assertThat(verdict(Evidence.backscatter("batv", DECISIVE, "x"), Evidence.genuine("relay", MEDIUM, "y")))
                .isEqualTo(Verdict.BACKSCATTER);
    }

    @Test
    void contradictoryDecisiveEvidenceIsUnknown() {
        assertThat(verdict(Evidence.genuine("ledger", DECISIVE, "x"), Evidence.backscatter("batv", DECISIVE, "y")))
                .isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void aLoneWeakSignalDecidesNothing() {
        assertThat(verdict(Evidence.backscatter("dnsbl", WEAK, "listed"))).isEqualTo(Verdict.UNKNOWN);
        assertThat(verdict(Evidence.genuine("relay", WEAK, "x"))).isEqualTo(Verdict.UNKNOWN);
    }

    @Test
    void mediumOrStrongEvidenceDecidesWhenUncontested() {
        assertThat(verdict(Evidence.genuine("relay", MEDIUM, "our relay"))).isEqualTo(Verdict.GENUINE);
        assertThat(verdict(Evidence.backscatter("spf", STRONG, "fail"))).isEqualTo(Verdict.BACKSCATTER);
        assertThat(verdict(Evidence.backscatter("auto-reply", MEDIUM, "x"), Evidence.backscatter("dnsbl", WEAK, "y")))
                .isEqualTo(Verdict.BACKSCATTER);
    }

    @Test
    void contestedEvidenceNeedsAClearLead() {
        // strong genuine (3) against medium backscatter (2): lead 1 is not enough
        assertThat(verdict(Evidence.genuine("dkim", STRONG, "x"), Evidence.backscatter("spf", MEDIUM, "y")))
                .isEqualTo(Verdict.UNKNOWN);
        // strong + medium genuine (5) against weak backscatter (1): lead 4
        assertThat(verdict(Evidence.genuine("dkim", STRONG, "x"), Evidence.genuine("relay", MEDIUM, "y"),
                Evidence.backscatter("dnsbl", WEAK, "z"))).isEqualTo(Verdict.GENUINE);
    }

    @Test
    void theSummaryListsOnlyEvidenceThatPointsSomewhere() {
        Judgement j = VerdictRule.judge(List.of(Evidence.note("spf", "none"), Evidence.genuine("relay", MEDIUM, "x")));
        assertThat(j.summary()).isEqualTo("relay=genuine/medium");
        assertThat(j.why()).contains("weight 2");
    }
}
