package jp.renkei.sync.support;

import jp.renkei.localstack.test.NoWarningsLogged;

/**
 * Fails a test in which the delivery path ({@code jp.renkei.sync.delivery}) logged a warning or an error. For tests of
 * routine runs — an outage and its recovery, a hand-over, a restart — where a warning is a fault that nothing else
 * shows: a pump that threw on every drain after a recovery logged one each time, for a day, and every test passed.
 */
public final class NoDeliveryWarnings extends NoWarningsLogged {

    public NoDeliveryWarnings() {
        super("jp.renkei.sync.delivery");
    }
}
