package jp.renkei.support.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The web edge of a Renkei servlet service ({@link WebEdgeAutoConfiguration}).
 *
 * @param enabled        whether this application has the web edge at all: each service says so in its own file
 * @param maxRequestSize larger request bodies are refused with 413 before they are parsed; a measure or an opinion,
 *                       however long its Japanese text, stays far below the default
 */
@ConfigurationProperties("renkei.web-edge")
public record WebEdgeProperties(boolean enabled, @DefaultValue("256KB") DataSize maxRequestSize) {

    static final String ENABLED = "renkei.web-edge.enabled";
}
