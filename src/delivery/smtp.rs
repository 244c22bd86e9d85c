//! The `smtp` channel: one message per recipient (so that a server refusing one
//! address does not keep the briefing from the others), with the PDF attached. lettre
//! encodes the Chinese subject as RFC 2047 words and the attachment's file name as an
//! RFC 2231 parameter, as mail clients expect. The Message-ID is derived from the
//! package, channel and recipient, so a copy sent again after an interrupted attempt
//! carries the same one, which lets mail systems recognise it.

use super::messages;
use crate::config::delivery::{Secret, Smtp, Tls};
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{Message, SmtpTransport, Transport};
use std::time::{Duration, SystemTime};

/// One message to write.
pub struct Mail<'a> {
    pub to: &'a str,
    pub subject: String,
    pub body: String,
    pub attachment_name: String,
    pub pdf: &'a [u8],
    /// Without the angle brackets.
    pub message_id: String,
    pub date: SystemTime,
}

/// The password, read when it is needed (a rotated password file is picked up): the
/// file's first line, or the environment variable.
fn password(secret: &Secret) -> Result<Option<String>, String> {
    match secret {
        Secret::None => Ok(None),
        Secret::File(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| messages::password_file_unreadable(path, &e))?;
            let first = text.lines().next().unwrap_or_default().to_string();
            if first.is_empty() {
                return Err(messages::password_file_empty(path));
            }
            Ok(Some(first))
        }
        Secret::Env(name) => match std::env::var(name) {
            Ok(value) if !value.is_empty() => Ok(Some(value)),
            _ => Err(messages::password_env_unset(name)),
        },
    }
}

/// The transport for a channel; the connection is opened for each message.
pub fn transport(smtp: &Smtp, timeout: Duration) -> Result<SmtpTransport, String> {
    let builder = match smtp.tls {
        Tls::Starttls => SmtpTransport::starttls_relay(&smtp.host),
        Tls::Tls => SmtpTransport::relay(&smtp.host),
        Tls::None => Ok(SmtpTransport::builder_dangerous(smtp.host.as_str())),
    }
    .map_err(|e| messages::smtp_setup_failed(&smtp.host, &e.to_string()))?;
    let mut builder = builder.port(smtp.port).timeout(Some(timeout));
    if let Some(password) = password(&smtp.password)? {
        let user = match &smtp.user {
            Some(user) => user.clone(),
            None => smtp
                .from
                .parse::<Mailbox>()
                .map(|m| m.email.to_string())
                .unwrap_or_else(|_| smtp.from.clone()),
        };
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.build())
}

/// The message for one recipient.
pub fn message(smtp: &Smtp, mail: &Mail) -> Result<Message, String> {
    let from: Mailbox = smtp
        .from
        .parse()
        .map_err(|e| messages::bad_address(&smtp.from, &format!("{e}")))?;
    let to: Mailbox = mail
        .to
        .parse()
        .map_err(|e| messages::bad_address(mail.to, &format!("{e}")))?;
    let pdf_type = ContentType::parse("application/pdf").expect("a valid MIME type");
    Message::builder()
        .from(from)
        .to(to)
        .subject(mail.subject.clone())
        .message_id(Some(format!("<{}>", mail.message_id)))
        .date(mail.date)
        .multipart(
            MultiPart::mixed()
                .singlepart(SinglePart::plain(mail.body.clone()))
                .singlepart(
                    Attachment::new(mail.attachment_name.clone()).body(mail.pdf.to_vec(), pdf_type),
                ),
        )
        .map_err(|e| messages::bad_message(&e.to_string()))
}

/// Sends one message; the error says what the server or the network said.
pub fn send(transport: &SmtpTransport, message: &Message) -> Result<(), String> {
    transport
        .send(message)
        .map(|_| ())
        .map_err(|e| messages::smtp_send_failed(&e.to_string(), e.is_permanent()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn chinese_subject_and_file_name_are_encoded() {
        let smtp = Smtp {
            host: "127.0.0.1".into(),
            port: 25,
            tls: Tls::None,
            from: "办公室 <office@example.gov.cn>".into(),
            user: None,
            password: Secret::None,
            to: vec![],
            regions: BTreeMap::new(),
        };
        let mail = Mail {
            to: "a@example.gov.cn",
            subject: "社会工作简报-2024年第01期 湘潭市".into(),
            body: "题名".into(),
            attachment_name: "社会工作简报-2024年第01期-湘潭市.pdf".into(),
            pdf: b"%PDF-1.4",
            message_id: "abc@sw-briefing".into(),
            date: SystemTime::UNIX_EPOCH,
        };
        let text = String::from_utf8(message(&smtp, &mail).unwrap().formatted()).unwrap();
        assert!(text.contains("Subject: =?utf-8?b?"), "{text}");
        assert!(text.contains("filename*"), "{text}");
        assert!(text.contains("Message-ID: <abc@sw-briefing>"), "{text}");
        assert!(!text.contains("社会"), "{text}");
    }

    #[test]
    fn passwords_come_from_a_file_or_the_environment() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pw");
        std::fs::write(&file, "s3cret\n").unwrap();
        assert_eq!(password(&Secret::File(file)).unwrap().as_deref(), Some("s3cret"));
        assert!(password(&Secret::File(dir.path().join("absent"))).is_err());
        assert!(password(&Secret::Env("SW_BRIEFING_NO_SUCH_VARIABLE".into())).is_err());
        assert_eq!(password(&Secret::None).unwrap(), None);
    }
}
