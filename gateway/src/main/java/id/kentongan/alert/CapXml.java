package id.kentongan.alert;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.nio.charset.StandardCharsets;

/**
 * CAP 1.2 as XML, the OASIS standard's own form: what {@code kentongan export-cap} writes, and what a
 * centre may relay to the village (a warning from the national agency). Both ways are checked against
 * the OASIS schema shipped in the jar ({@code /cap/cap-v1.2.xsd}). Parsing refuses DTDs and external
 * entities. Stateless; any thread.
 */
public final class CapXml {

    public static final String NS = "urn:oasis:names:tc:emergency:cap:1.2";
    private static final Schema SCHEMA = loadSchema();

    private CapXml() {
    }

    private static Schema loadSchema() {
        URL xsd = CapXml.class.getResource("/cap/cap-v1.2.xsd");
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return f.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("the CAP 1.2 schema in the jar cannot be read", e);
        }
    }

    /** The event as a CAP 1.2 alert document, with both languages. */
    public static String encode(Event e, Post post) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter w = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
            w.writeStartDocument("UTF-8", "1.0");
            w.writeStartElement("alert");
            w.writeDefaultNamespace(NS);
            text(w, "identifier", e.identifier());
            text(w, "sender", post.sender());
            String sent = CapJson.capTime(e.sentMillis(), post);
            text(w, "sent", sent);
            text(w, "status", e.status().name());
            text(w, "msgType", e.msgType().name());
            text(w, "scope", "Public");
            text(w, "code", "kentongan/v1");
            if (e.unsynchronised()) {
                text(w, "note", CapJson.UNSYNCHRONISED_NOTE); // CAP's order: code, note, references
            }
            if (e.references() != null) {
                text(w, "references", e.references());
            }
            String expires = CapJson.later(sent, post.guidance().expiresAfterSeconds(e));
            info(w, e, post, "id-ID", e.kind().headlineId(), "Dilaporkan oleh " + e.source() + " di " + post.name()
                    + ", zona " + e.zone() + ".", post.guidance().instruction(e, false), expires);
            info(w, e, post, "en-US", e.kind().headlineEn(), "Reported by " + e.source() + " at " + post.name()
                    + ", zone " + e.zone() + ".", post.guidance().instruction(e, true), expires);
            w.writeEndElement();
            w.writeEndDocument();
            w.close();
        } catch (XMLStreamException ex) {
            throw new IllegalStateException(ex);
        }
        return out.toString();
    }

    /** CAP 1.2's order within info matters to the schema: ... certainty, expires, senderName, ..., instruction, parameter. */
    private static void info(XMLStreamWriter w, Event e, Post post, String lang, String headline, String description,
                             String instruction, String expires) throws XMLStreamException {
        w.writeStartElement("info");
        text(w, "language", lang);
        text(w, "category", e.kind().capCategory());
        text(w, "event", e.kind().wireName());
        text(w, "urgency", e.kind().urgency());
        text(w, "severity", e.kind().severity());
        text(w, "certainty", e.kind().certainty());
        text(w, "expires", expires);
        text(w, "senderName", post.name());
        text(w, "headline", headline);
        text(w, "description", description);
        if (instruction != null) {
            text(w, "instruction", instruction);
        }
        param(w, "kentongan:village", post.village());
        param(w, "kentongan:post", post.id());
        param(w, "kentongan:seq", Long.toString(e.seq()));
        param(w, "kentongan:boot", Long.toString(e.boot()));
        param(w, "kentongan:kind", e.kind().wireName());
        param(w, "kentongan:priority", e.priority().wireName());
        param(w, "kentongan:source", e.source());
        if (e.unsynchronised()) {
            param(w, CapJson.CLOCK_PARAMETER, CapJson.UNSYNCHRONISED);
        }
        w.writeStartElement("area");
        text(w, "areaDesc", e.zone());
        w.writeEndElement();
        w.writeEndElement();
    }

    private static void param(XMLStreamWriter w, String name, String value) throws XMLStreamException {
        w.writeStartElement("parameter");
        text(w, "valueName", name);
        text(w, "value", value);
        w.writeEndElement();
    }

    private static void text(XMLStreamWriter w, String element, String value) throws XMLStreamException {
        w.writeStartElement(element);
        w.writeCharacters(value);
        w.writeEndElement();
    }

    /**
     * Checks a document against the OASIS CAP 1.2 schema.
     *
     * @throws IllegalArgumentException with the schema's first complaint
     */
    public static void validate(String xml) {
        try {
            SCHEMA.newValidator().validate(new StreamSource(new ByteArrayInputStream(
                    xml.getBytes(StandardCharsets.UTF_8))));
        } catch (SAXException e) {
            throw new IllegalArgumentException("not a valid CAP 1.2 alert: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * What the post takes from a relayed CAP alert.
     *
     * @param areas the areas of its first info block, the one whose category and severity are sounded
     */
    public record Incoming(String identifier, String sender, String status, String msgType, String category,
                           String event, String urgency, String severity, String headline, List<Area> areas) {
        public Incoming {
            areas = List.copyOf(areas);
        }
    }

    /** A CAP {@code area}: its {@code areaDesc} (required by CAP) and its {@code geocode}s. */
    public record Area(String desc, List<Geocode> geocodes) {
        public Area {
            geocodes = List.copyOf(geocodes);
        }
    }

    /** A CAP {@code geocode}: a coding system's name ({@code valueName}, e.g. BPS) and the code in it. */
    public record Geocode(String name, String value) {
    }

    /**
     * Reads a relayed CAP 1.2 alert, after checking it against the schema.
     *
     * @throws IllegalArgumentException if it is not valid CAP 1.2 (the reason says where)
     */
    public static Incoming parse(String xml) {
        if (xml.contains("<!DOCTYPE") || xml.contains("<!ENTITY")) {
            throw new IllegalArgumentException("DTDs and entities are not accepted");
        }
        validate(xml);
        Document d;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            d = b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (ParserConfigurationException | SAXException | IOException e) {
            throw new IllegalArgumentException("unreadable CAP XML: " + e.getMessage(), e);
        }
        Element alert = d.getDocumentElement();
        Element info = first(alert, "info");
        if (info == null) {
            throw new IllegalArgumentException("the CAP alert has no info block: nothing to sound");
        }
        List<Area> areas = new ArrayList<>();
        NodeList areaNodes = info.getElementsByTagNameNS(NS, "area");
        for (int i = 0; i < areaNodes.getLength(); i++) {
            Element area = (Element) areaNodes.item(i);
            List<Geocode> codes = new ArrayList<>();
            NodeList geocodes = area.getElementsByTagNameNS(NS, "geocode");
            for (int j = 0; j < geocodes.getLength(); j++) {
                Element g = (Element) geocodes.item(j);
                codes.add(new Geocode(child(g, "valueName"), child(g, "value")));
            }
            areas.add(new Area(child(area, "areaDesc"), codes));
        }
        return new Incoming(child(alert, "identifier"), child(alert, "sender"), child(alert, "status"),
                child(alert, "msgType"), child(info, "category"), child(info, "event"), child(info, "urgency"),
                child(info, "severity"), child(info, "headline"), areas);
    }

    private static Element first(Element parent, String name) {
        NodeList l = parent.getElementsByTagNameNS(NS, name);
        return l.getLength() == 0 ? null : (Element) l.item(0);
    }

    private static String child(Element parent, String name) {
        Element e = first(parent, name);
        return e == null ? "" : e.getTextContent().trim();
    }
}
