package jp.renkei.plan.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FiscalYearTest {

    @ParameterizedTest
    @CsvSource({
            "2025, 令和7年度",
            "2024, 令和6年度",
            "2020, 令和2年度",
            "2019, 令和元年度",
            "2018, 平成30年度",
            "2000, 平成12年度",
            "2100, 令和82年度"})
    void isShownInTheEraOfItsApril(int year, String label) {
        assertThat(new FiscalYear(year).label()).isEqualTo(label);
    }

    @ParameterizedTest
    @CsvSource({
            "2025-04-01, 2025",
            "2026-03-31, 2025",
            "2025-03-31, 2024",
            "2025-12-31, 2025",
            "2026-01-01, 2025"})
    void runsFromAprilToMarch(LocalDate day, int year) {
        assertThat(FiscalYear.containing(day)).isEqualTo(new FiscalYear(year));
    }

    @ParameterizedTest
    @ValueSource(ints = {1999, 2101, 0, -2025, 20250})
    void outsideASaneRangeIsRejectedNamingTheField(int year) {
        assertThatThrownBy(() -> FiscalYear.of(year, "baselineFiscalYear"))
                .isInstanceOfSatisfying(InvalidProgressException.class,
                        e -> assertThat(e.field()).isEqualTo("baselineFiscalYear"));
    }

    @ParameterizedTest
    @ValueSource(ints = {FiscalYear.MIN, FiscalYear.MAX})
    void theEdgesOfTheRangeAreFiscalYears(int year) {
        assertThat(FiscalYear.of(year, "fiscalYear").year()).isEqualTo(year);
    }
}
