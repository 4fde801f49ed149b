package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CsrfTest {
    @Test
    void onlyTheExactTokenMatches() {
        assertThat(Csrf.matches("abc123", "abc123")).isTrue();
        assertThat(Csrf.matches("abc123", "abc124")).isFalse();
        assertThat(Csrf.matches("abc123", "abc12")).isFalse();
        assertThat(Csrf.matches("abc123", null)).isFalse();
        assertThat(Csrf.matches(null, null)).isFalse();
        assertThat(Csrf.matches("", "")).as("an empty expected token never matches").isFalse();
    }

    @Test
    void fetchMetadataCrossSiteIsRefused() {
        assertThat(Csrf.crossSite("cross-site")).isTrue();
        assertThat(Csrf.crossSite("same-origin")).isFalse();
        assertThat(Csrf.crossSite(null)).isFalse();
    }

    @Test
    void routesMatchOneTailSegment() {
        Route r = Route.page("/quarantine/*", x -> { });
        assertThat(r.match("/quarantine/12")).isEqualTo("12");
        assertThat(r.match("/quarantine/")).isNull();
        assertThat(r.match("/quarantine/1/2")).isNull();
        assertThat(Route.page("/audit", x -> { }).match("/audit")).isEmpty();
        assertThat(Route.page("/api/audit", x -> { }).access()).isEqualTo(Access.API);
    }

    @Test
    void loginRedirectsStayOnThisSite() {
        assertThat(LoginFeature.safeNext("/quarantine?recipient=a")).isEqualTo("/quarantine?recipient=a");
        assertThat(LoginFeature.safeNext("//evil.example/")).isEqualTo("/");
        assertThat(LoginFeature.safeNext("https://evil.example/")).isEqualTo("/");
        assertThat(LoginFeature.safeNext("/\\evil.example")).isEqualTo("/");
        assertThat(LoginFeature.safeNext(null)).isEqualTo("/");
    }

    @Test
    void htmlEscapesEverythingThatMatters() {
        assertThat(Html.esc("<script>\"x\" & 'y'</script>\u0007"))
                .isEqualTo("&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;\uFFFD");
    }
}
