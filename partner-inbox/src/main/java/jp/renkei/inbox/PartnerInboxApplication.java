package jp.renkei.inbox;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The reference receiver for Renkei's webhooks: what a partner municipality's engineers run, or copy, to take in
 * Abashiri's plan changes. It verifies each request's signature, refuses replays, keeps each event once, and
 * answers at once.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PartnerInboxApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@code main} runs it and tests start it; its settings are in its {@code application.yml}. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(PartnerInboxApplication.class);
    }
}
