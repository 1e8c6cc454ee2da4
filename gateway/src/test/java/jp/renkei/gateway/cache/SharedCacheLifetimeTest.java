package jp.renkei.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedCacheLifetimeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "public, max-age=10, must-revalidate | 10",
            "PUBLIC, MAX-AGE=10 | 10",
            "public, max-age=10, s-maxage=3 | 3",
            "public, s-maxage=\"4\" | 4",
            "max-age=10 | none",
            "public | none",
            "public, max-age=0 | none",
            "public, max-age=-1 | none",
            "public, max-age=abc | none",
            "public, max-age=99999999999 | none",
            "public, private, max-age=10 | none",
            "public, no-store, max-age=10 | none",
            "public, no-cache, max-age=10 | none",
            "no-cache, no-store, max-age=0, must-revalidate | none",
            "public, max-age=10, max-age=20 | none",
            "public;max-age=10 | none",
            "' , public , , max-age=5 ' | 5",
    })
    void aSharedCacheKeepsOnlyWhatSaysPublicWithAPositiveAge(String cacheControl, Long seconds) {
        assertThat(SharedCacheLifetime.of(List.of(cacheControl)))
                .isEqualTo(Optional.ofNullable(seconds).map(Duration::ofSeconds));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"public | max-age=10", "max-age=10 | public", "public | private, max-age=10"})
    void directivesOfEveryHeaderLineCount(String first, String second) {
        boolean privateSomewhere = (first + second).contains("private");
        assertThat(SharedCacheLifetime.of(Arrays.asList(first, second)).isPresent()).isEqualTo(!privateSomewhere);
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "none | none | false", "no-cache | none | true", "max-age=0 | none | true", "max-age=5 | none | false",
            "no-store | none | true", "none | no-cache | true", "only-if-cached | none | false"})
    void aRequestMayAskForTheOrigin(String cacheControl, String pragma, boolean wantsOrigin) {
        assertThat(SharedCacheLifetime.requestWantsOrigin(cacheControl == null ? List.of() : List.of(cacheControl),
                pragma == null ? List.of() : List.of(pragma))).isEqualTo(wantsOrigin);
    }
}
