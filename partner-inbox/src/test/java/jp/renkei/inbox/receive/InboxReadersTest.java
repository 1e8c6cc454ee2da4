package jp.renkei.inbox.receive;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboxReadersTest {

    private final InboxReaders withoutToken = new InboxReaders(null);
    private final InboxReaders withToken = new InboxReaders("read-me-7f3a");

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.5.6.7", "0:0:0:0:0:0:0:1", "::1"})
    void withoutATokenThisMachineMayRead(String address) {
        assertThatCode(() -> withoutToken.check(address, null)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.5", "10.0.0.2", "192.168.1.20", "2001:db8::1", "::ffff:203.0.113.5", "", "not-an-address"})
    void withoutATokenNobodyElseMay(String address) {
        assertThatThrownBy(() -> withoutToken.check(address, null)).isInstanceOfSatisfying(WebhookProblem.class,
                problem -> org.assertj.core.api.Assertions.assertThat(problem.status().value()).isEqualTo(403));
    }

    @Test
    void withATokenOnlyItsBearerMayReadFromAnywhere() {
        assertThatCode(() -> withToken.check("203.0.113.5", "Bearer read-me-7f3a")).doesNotThrowAnyException();
        for (String wrong : new String[] {null, "", "Bearer", "Bearer read-me", "Bearer read-me-7f3a0", "Basic read-me-7f3a",
                "read-me-7f3a"}) {
            assertThatThrownBy(() -> withToken.check("127.0.0.1", wrong)).isInstanceOfSatisfying(WebhookProblem.class,
                    problem -> org.assertj.core.api.Assertions.assertThat(problem.status().value()).isEqualTo(401));
        }
    }
}
