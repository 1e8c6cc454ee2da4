package jp.renkei.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JapanTimeTest {

    @ParameterizedTest
    @CsvSource({"PT0S, 0秒", "PT59S, 59秒", "PT1M, 1分0秒", "PT2H5M30S, 2時間5分", "P3DT4H10M, 3日4時間",
            "PT-5S, 0秒"})
    void aWaitReadsInTheLargestUnitsThatMatter(Duration age, String shown) {
        assertThat(new JapanTime().age(age)).isEqualTo(shown);
    }
}
