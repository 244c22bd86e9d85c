//! The message catalogue: every sentence a clerk or an operator reads (errors and their
//! help lines, `check`, `import`, `status`, `verify`, the summary after `--now`,
//! `--help`) comes from here, in Chinese by default and in English with `--lang en` or
//! `SW_BRIEFING_LANG=en`.
//!
//! The texts live in Fluent files beside this module, one folder per language
//! (`zh-CN/`, `en/`) and one file per area in each, compiled into the binary, so that a
//! translator edits text files and never code, and so that `tests/i18n.rs` can check
//! that both languages carry every message with the same variables. Code names a message by its id through [`tr!`]. Words printed in the
//! briefing itself are not messages: they live in `document::words`. Log lines for
//! machines (the JSON logs) keep English keys and are not translated.

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::FluentResource;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

pub use fluent_bundle::{FluentArgs, FluentValue};

mod io;
pub use io::io_words;

/// One area's messages: the file name (the same in both language folders) and its
/// Chinese and English texts.
pub struct CatalogueFile {
    pub name: &'static str,
    pub zh_cn: &'static str,
    pub en: &'static str,
}

macro_rules! catalogue {
    ($($name:literal),+ $(,)?) => {
        &[$(CatalogueFile {
            name: $name,
            zh_cn: include_str!(concat!("zh-CN/", $name)),
            en: include_str!(concat!("en/", $name)),
        }),+]
    };
}

/// Every catalogue file; tests/i18n.rs checks that the folders hold no other.
pub const FILES: &[CatalogueFile] = catalogue![
    "main.ftl",
    "delivery.ftl",
    "archive.ftl",
    "service.ftl",
    "form.ftl",
    "signoff.ftl",
    "input.ftl"
];

/// The environment variable that chooses the language when `--lang` is not given.
pub const LANG_ENV: &str = "SW_BRIEFING_LANG";

/// A language messages can be printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// Reads `zh`, `zh-CN`, `zh_CN.UTF-8`, `en`, `en-US`… (case ignored); `None` for
    /// anything else.
    pub fn parse(text: &str) -> Option<Lang> {
        let lower = text.trim().to_ascii_lowercase();
        let primary = lower.split(['-', '_', '.']).next().unwrap_or("");
        match primary {
            "zh" | "cn" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The catalogue's text of `file` in this language.
    pub fn source(self, file: &CatalogueFile) -> &'static str {
        match self {
            Lang::Zh => file.zh_cn,
            Lang::En => file.en,
        }
    }

    fn tag(self) -> unic_langid::LanguageIdentifier {
        let tag = match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en-US",
        };
        tag.parse().expect("a valid language tag")
    }
}

/// The process's language; set once at start (a global because every layer prints
/// messages and threading a language through every error type would touch each one
/// for no gain: a process speaks one language).
static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Chooses the language of every message printed from now on.
pub fn set_lang(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::Zh => 0,
            Lang::En => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language messages are printed in.
pub fn lang() -> Lang {
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::En,
        _ => Lang::Zh,
    }
}

/// The language asked for on the command line (`--lang X` or `--lang=X`), else by
/// `SW_BRIEFING_LANG`, else Chinese. Read before the command line is parsed, because
/// the help and clap's own errors are printed in it. An unknown value is left to clap
/// (which then names it) when it came from `--lang`, and ignored from the environment.
pub fn lang_from(args: &[std::ffi::OsString], env: Option<&str>) -> Lang {
    let mut asked = None;
    let mut iter = args.iter().skip(1);
    while let Some(arg) = iter.next() {
        let Some(arg) = arg.to_str() else { continue };
        if arg == "--" {
            break;
        }
        if arg == "--lang" {
            asked = iter.next().and_then(|v| v.to_str()).and_then(Lang::parse);
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            asked = Lang::parse(value);
        }
    }
    asked
        .or_else(|| env.and_then(Lang::parse))
        .unwrap_or(Lang::Zh)
}

fn bundle(lang: Lang) -> &'static FluentBundle<FluentResource> {
    static ZH: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    static EN: OnceLock<FluentBundle<FluentResource>> = OnceLock::new();
    let cell = match lang {
        Lang::Zh => &ZH,
        Lang::En => &EN,
    };
    cell.get_or_init(|| {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.tag()]);
        // Fluent wraps each variable in Unicode isolation marks for right-to-left
        // scripts; in a terminal and in logs they are stray invisible characters.
        bundle.set_use_isolating(false);
        for file in FILES {
            let resource = FluentResource::try_new(lang.source(file).to_string()).unwrap_or_else(
                |(_, errors)| {
                    panic!(
                        "{lang:?} catalogue file {} does not parse: {errors:?}",
                        file.name
                    )
                },
            );
            bundle
                .add_resource(resource)
                .expect("message ids are unique (tests/i18n.rs)");
        }
        bundle
    })
}

/// The message `id` in the current language with `args` filled in. A message missing
/// from the catalogue (tests/i18n.rs makes that a test failure) prints its id rather
/// than failing the run.
pub fn message(id: &str, args: Option<&FluentArgs>) -> String {
    message_in(lang(), id, args)
}

/// The message `id` in `lang`.
pub fn message_in(lang: Lang, id: &str, args: Option<&FluentArgs>) -> String {
    let bundle = bundle(lang);
    let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) else {
        return id.to_string();
    };
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, args, &mut errors)
        .into_owned()
}

/// Whether the catalogue of `lang` has a message `id`.
pub fn has_message(lang: Lang, id: &str) -> bool {
    bundle(lang).has_message(id)
}

/// Turns a value into a message argument: numbers stay numbers (Fluent may choose a
/// plural form by them), everything else is shown with `Display`.
pub trait Arg {
    fn to_arg(&self) -> FluentValue<'static>;
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl Arg for $t {
            fn to_arg(&self) -> FluentValue<'static> {
                FluentValue::from(*self)
            }
        }
    )*};
}
number_arg!(u8, u16, u32, u64, usize, i8, i16, i32, i64, isize);

impl Arg for str {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl Arg for String {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.clone())
    }
}
impl Arg for std::path::Path {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.display().to_string())
    }
}
impl Arg for std::path::PathBuf {
    fn to_arg(&self) -> FluentValue<'static> {
        self.as_path().to_arg()
    }
}
impl Arg for std::path::Display<'_> {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.to_string())
    }
}
impl<T: Arg + ?Sized> Arg for &T {
    fn to_arg(&self) -> FluentValue<'static> {
        (**self).to_arg()
    }
}

/// Shows any `Display` value (an error, a period, a code) as a message argument.
pub struct Shown(pub String);

impl Arg for Shown {
    fn to_arg(&self) -> FluentValue<'static> {
        FluentValue::from(self.0.clone())
    }
}

/// `tr!("id")` or `tr!("id", name = value, …)`: the catalogue's message `id` in the
/// current language. Values are numbers, strings or paths (see [`Arg`]); any other
/// `Display` value goes through `show(value)`.
#[macro_export]
macro_rules! tr {
    ($id:literal) => {
        $crate::i18n::message($id, None)
    };
    ($id:literal, $($name:ident = $value:expr),+ $(,)?) => {{
        let mut args = $crate::i18n::FluentArgs::new();
        $(args.set(stringify!($name), $crate::i18n::Arg::to_arg(&$value));)+
        $crate::i18n::message($id, Some(&args))
    }};
}
pub use crate::tr;

/// Wraps a `Display` value for [`tr!`].
pub fn show(value: impl std::fmt::Display) -> Shown {
    Shown(value.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_is_read_from_the_command_line_before_the_environment() {
        let args = |list: &[&str]| list.iter().map(Into::into).collect::<Vec<_>>();
        assert_eq!(lang_from(&args(&["x"]), None), Lang::Zh);
        assert_eq!(lang_from(&args(&["x"]), Some("en")), Lang::En);
        assert_eq!(
            lang_from(&args(&["x", "--lang", "zh"]), Some("en")),
            Lang::Zh
        );
        assert_eq!(lang_from(&args(&["x", "--lang=en-US"]), None), Lang::En);
        assert_eq!(lang_from(&args(&["x", "--", "--lang=en"]), None), Lang::Zh);
        assert_eq!(lang_from(&args(&["x"]), Some("fr")), Lang::Zh);
        assert_eq!(Lang::parse("zh_CN.UTF-8"), Some(Lang::Zh));
    }

    #[test]
    fn arguments_are_filled_in_without_isolation_marks() {
        let mut args = FluentArgs::new();
        args.set("path", "a/b.yaml".to_arg());
        let text = message_in(Lang::Zh, "error-line", Some(&args));
        assert!(!text.contains('\u{2068}'));
        let en = message_in(
            Lang::En,
            "check-ok",
            Some(&{
                let mut a = FluentArgs::new();
                a.set("config", "c.yaml".to_arg());
                a.set("files", 3usize.to_arg());
                a.set("regions", 2usize.to_arg());
                a
            }),
        );
        assert!(
            en.contains("c.yaml") && en.contains('3') && !en.contains('\u{2068}'),
            "{en}"
        );
    }
}
