//! The XMP metadata packet that PDF/A-1 (ISO 19005-1 §6.7) requires in the catalog.
//! PDF/A-1 readers compare it with the document information dictionary, so it is
//! built from the very same strings as that dictionary (see [`super::DocumentInfo`]).

use super::DocumentInfo;
use crate::model::xml::escape_xml;
use chrono::{DateTime, FixedOffset, SecondsFormat};

/// The packet's `id` attribute is fixed by the XMP specification.
const PACKET_HEADER: &str = "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>";
/// Read-only would also do, but "w" is what every writer uses and readers expect.
const PACKET_TRAILER: &str = "<?xpacket end=\"w\"?>";

/// XMP dates: ISO 8601 with the offset written out, e.g. `2024-01-05T10:00:00+08:00`.
pub fn xmp_date(t: &DateTime<FixedOffset>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// The whole packet, UTF-8, claiming PDF/A-1b.
pub fn packet(info: &DocumentInfo) -> String {
    let date = escape_xml(&xmp_date(&info.date));
    let title = escape_xml(&info.title);
    let author = escape_xml(&info.author);
    let subject = escape_xml(&info.subject);
    let keywords = escape_xml(&info.keywords);
    let creator = escape_xml(&info.creator);
    let producer = escape_xml(&info.producer);
    let language = escape_xml(&info.language);
    format!(
        r#"{PACKET_HEADER}
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>1</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Keywords>{keywords}</pdf:Keywords>
   <pdf:Producer>{producer}</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreatorTool>{creator}</xmp:CreatorTool>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
{PACKET_TRAILER}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn info(title: &str) -> DocumentInfo {
        DocumentInfo {
            title: title.into(),
            author: "湘潭市民政局".into(),
            subject: "社会工作简报 2024年第1期".into(),
            keywords: "社会工作, 湘潭市".into(),
            creator: "sw-briefing 0.1.0".into(),
            producer: "sw-briefing 0.1.0 (printpdf)".into(),
            date: FixedOffset::east_opt(8 * 3600)
                .unwrap()
                .with_ymd_and_hms(2024, 1, 5, 10, 0, 0)
                .unwrap(),
            language: "zh-CN".into(),
        }
    }

    #[test]
    fn dates_carry_the_offset() {
        assert_eq!(xmp_date(&info("t").date), "2024-01-05T10:00:00+08:00");
    }

    #[test]
    fn packet_claims_pdfa_1b_and_carries_the_fields() {
        let xmp = packet(&info("湘潭市2023年社会工作人才队伍建设情况"));
        assert!(xmp.starts_with("<?xpacket begin=\"\u{FEFF}\""));
        assert!(xmp.ends_with("<?xpacket end=\"w\"?>"));
        assert!(xmp.contains("<pdfaid:part>1</pdfaid:part>"));
        assert!(xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
        assert!(xmp.contains(
            "<rdf:li xml:lang=\"x-default\">湘潭市2023年社会工作人才队伍建设情况</rdf:li>"
        ));
        assert!(xmp.contains("<xmp:CreateDate>2024-01-05T10:00:00+08:00</xmp:CreateDate>"));
        assert!(xmp.contains("<pdf:Producer>sw-briefing 0.1.0 (printpdf)</pdf:Producer>"));
    }

    #[test]
    fn markup_in_user_text_is_escaped() {
        let xmp = packet(&info("A&B <c> \"d\" 'e'\r\nf"));
        assert!(
            xmp.contains(">A&amp;B &lt;c&gt; &quot;d&quot; &apos;e&apos;&#xD;\nf</rdf:li>"),
            "{xmp}"
        );
        assert!(!xmp.contains("<c>"));
    }
}
