package jp.renkei.web.feed;

import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** Writes an Atom 1.0 document (RFC 4287); the XML writer escapes every text and attribute. */
final class AtomWriter {

    static final String NAMESPACE = "http://www.w3.org/2005/Atom";
    static final String AUTHOR = "網走市 (Abashiri City)";

    /** One entry: its id is an IRI that never changes, its link the page that shows it. */
    record Entry(String id, String title, Instant updated, String link, String summary) {
    }

    private AtomWriter() {
    }

    static String feed(String id, String title, String self, String alternate, List<Entry> entries) {
        try {
            StringWriter out = new StringWriter();
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeStartElement("feed");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("xml", "http://www.w3.org/XML/1998/namespace", "lang", "ja");
            text(xml, "id", id);
            text(xml, "title", title);
            Instant updated = entries.stream().map(Entry::updated).max(Instant::compareTo).orElse(Instant.EPOCH);
            text(xml, "updated", updated.toString());
            xml.writeStartElement("author");
            text(xml, "name", AUTHOR);
            xml.writeEndElement();
            link(xml, "self", self, "application/atom+xml");
            link(xml, "alternate", alternate, "text/html");
            for (Entry entry : entries) {
                xml.writeStartElement("entry");
                text(xml, "id", entry.id());
                text(xml, "title", entry.title());
                text(xml, "updated", entry.updated().toString());
                link(xml, "alternate", entry.link(), "text/html");
                if (entry.summary() != null && !entry.summary().isBlank()) {
                    text(xml, "summary", entry.summary());
                }
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
            return out.toString();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("could not write the feed", e);
        }
    }

    private static void text(XMLStreamWriter xml, String element, String text) throws XMLStreamException {
        xml.writeStartElement(element);
        xml.writeCharacters(text == null ? "" : text);
        xml.writeEndElement();
    }

    private static void link(XMLStreamWriter xml, String rel, String href, String type) throws XMLStreamException {
        xml.writeEmptyElement("link");
        xml.writeAttribute("rel", rel);
        xml.writeAttribute("type", type);
        xml.writeAttribute("href", href);
    }
}
