//! The stages may use each other in one direction only. Every `crate::…` path in a
//! module's source is checked against the order below: a module may use itself and
//! the modules before it, never one after it, so no cycle can form. A new top-level
//! module must be placed in the order before this test passes.

mod common;

use common::rust_files;
use std::collections::BTreeMap;
use std::path::Path;

/// From the shared vocabulary at the bottom to the command line at the top.
const ORDER: &[&str] = &[
    // The message catalogue: every layer prints messages, it uses nothing.
    "i18n",
    "model",
    "faults",
    "yaml",
    "config",
    "fonts",
    "metrics",
    "indicators",
    "document",
    "layout",
    "pdf",
    "archive",
    "delivery",
    "app",
    "service",
    "cli",
    // The clerk's door (form and import): a command of its own, with cli's exit codes.
    "form",
];

/// The top-level module a file of `src/` belongs to (`src/archive/seal.rs` → `archive`).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy();
    first.trim_end_matches(".rs").to_string()
}

/// The top-level modules named by `crate::x` paths in `text`, including those inside
/// `use crate::{a, b::c}` groups.
fn used_modules(text: &str) -> Vec<String> {
    let mut used = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name: String = part
                    .trim()
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    used.push(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            used.push(name);
        }
        rest = after;
    }
    used
}

#[test]
fn every_module_of_lib_is_placed_in_the_order() {
    let lib =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).unwrap();
    let mut declared: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod "))
        .map(|l| l.trim_end_matches(';'))
        .collect();
    declared.sort();
    let mut ordered = ORDER.to_vec();
    ordered.sort();
    assert_eq!(declared, ordered);
}

#[test]
fn modules_use_only_the_modules_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rank: BTreeMap<&str, usize> = ORDER.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        if module == "lib" || module == "main" {
            continue;
        }
        let Some(&own) = rank.get(module.as_str()) else {
            wrong.push(format!(
                "{}: module `{module}` is not in ORDER",
                file.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).unwrap();
        for used in used_modules(&text) {
            // `tr!` is exported at the crate root (a `macro_export` macro lives there)
            // and re-exported by the catalogue that owns it.
            let used = if used == "tr" {
                "i18n".to_string()
            } else {
                used
            };
            match rank.get(used.as_str()) {
                Some(&other) if other <= own => {}
                Some(_) => wrong.push(format!(
                    "{}: `{module}` uses `crate::{used}`, which comes after it",
                    file.display()
                )),
                None => wrong.push(format!(
                    "{}: `crate::{used}` is not a module in ORDER",
                    file.display()
                )),
            }
        }
    }
    assert!(wrong.is_empty(), "\n{}", wrong.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_nested_paths() {
    assert_eq!(
        used_modules(
            "use crate::{archive, model::period::Period};\nlet x = crate::app::engine::Engine;"
        ),
        vec!["archive", "model", "app"]
    );
}
