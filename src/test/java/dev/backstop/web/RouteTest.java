package dev.backstop.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RouteTest {
    private static Route page(String path) {
        return Route.page(path, x -> { });
    }

    @Test
    void aTrailingStarMatchesOneSegment() {
        Route r = page("/incidents/*");
        assertThat(r.match("/incidents/12")).isEqualTo("12");
        assertThat(r.match("/incidents/")).isNull();
        assertThat(r.match("/incidents/12/purge")).isNull();
        assertThat(r.match("/incidentsX/12")).isNull();
    }

    @Test
    void aStarInTheMiddleMatchesOneSegmentAndTheRest() {
        Route r = Route.action("/api/incidents/*/purge", x -> { });
        assertThat(r.match("/api/incidents/7/purge")).isEqualTo("7");
        assertThat(r.match("/api/incidents//purge")).isNull();
        assertThat(r.match("/api/incidents/7/8/purge")).isNull();
        assertThat(r.match("/api/incidents/7/release")).isNull();
        assertThat(r.match("/api/incidents/7")).isNull();
        assertThat(r.match("/api/incidents/purge")).isNull();
    }

    @Test
    void exactPathsMatchOnlyThemselves() {
        assertThat(page("/sources").match("/sources")).isEmpty();
        assertThat(page("/sources").match("/sources/x")).isNull();
    }
}
