package jp.renkei.web.feed;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class AtomWriterTest {

    @Test
    void escapesTextAndKeepsJapaneseAsWritten() throws Exception {
        String feed = AtomWriter.feed("urn:test:feed", "計画 <更新> & \"お知らせ\"", "http://h/feeds/plan.atom",
                "http://h/", List.of(new AtomWriter.Entry("urn:test:1", "<script>alert(1)</script>",
                        Instant.parse("2026-04-01T00:00:00Z"), "http://h/measures/5-1-3?a=1&b=2", "情報の公開")));

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document document = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(feed.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getNamespaceURI()).isEqualTo(AtomWriter.NAMESPACE);
        assertThat(document.getElementsByTagNameNS(AtomWriter.NAMESPACE, "title").item(1).getTextContent())
                .isEqualTo("<script>alert(1)</script>");
        assertThat(document.getElementsByTagNameNS(AtomWriter.NAMESPACE, "updated").item(0).getTextContent())
                .isEqualTo("2026-04-01T00:00:00Z");
        assertThat(feed).doesNotContain("<script>").contains("情報の公開");
    }
}
