//! Shared helpers for the integration tests: a scratch project laid out like the
//! repository (config, metrics, fonts, reports) and the real binary run against it.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const REPO: &str = env!("CARGO_MANIFEST_DIR");
/// 2024-01-05 10:00 in Shanghai: the fixed clock of the tests.
pub const FIXED_EPOCH: &str = "1704420000";

/// A copy of the repository's config and sample data in a temp folder, with the fonts
/// linked, so that tests can break things without touching the repository.
pub struct Project {
    pub dir: tempfile::TempDir,
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

impl Project {
    pub fn new() -> Project {
        let dir = tempfile::tempdir().unwrap();
        copy_tree(&Path::new(REPO).join("config"), &dir.path().join("config"));
        copy_tree(
            &Path::new(REPO).join("metrics"),
            &dir.path().join("metrics"),
        );
        std::os::unix::fs::symlink(Path::new(REPO).join("fonts"), dir.path().join("fonts"))
            .unwrap();
        std::fs::create_dir_all(dir.path().join("reports")).unwrap();
        Project { dir }
    }

    /// A project whose metrics folder holds only the files given (path → text).
    pub fn with_metrics(files: &[(&str, &str)]) -> Project {
        let project = Project::new();
        std::fs::remove_dir_all(project.metrics()).unwrap();
        for (path, text) in files {
            project.write(&format!("metrics/{path}"), text.as_bytes());
        }
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }
    pub fn config(&self) -> PathBuf {
        self.path().join("config/briefing.yaml")
    }
    pub fn metrics(&self) -> PathBuf {
        self.path().join("metrics")
    }
    pub fn reports(&self) -> PathBuf {
        self.path().join("reports")
    }

    pub fn write(&self, relative: &str, bytes: &[u8]) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative)).unwrap()
    }

    /// The binary, set up to run in the project folder with the fixed clock.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_sw-briefing"));
        command
            .args(["--config", self.config().to_str().unwrap()])
            .args(args)
            .current_dir(self.path())
            .env("SOURCE_DATE_EPOCH", FIXED_EPOCH)
            // These tests read the English messages; tests/i18n.rs checks the Chinese
            // default, and a test that wants Chinese sets the variable again.
            .env("SW_BRIEFING_LANG", "en")
            .env_remove("SW_BRIEFING_CONFIG")
            .env_remove("SW_BRIEFING_TEST_PAUSE_AT")
            .env_remove("RUST_LOG");
        command
    }

    /// Runs the binary in the project folder with the fixed clock.
    pub fn run(&self, args: &[&str]) -> Run {
        Run::from(self.command(args).output().expect("the binary runs"))
    }

    /// Every package (bag folder) in the archive.
    pub fn bags(&self) -> Vec<PathBuf> {
        bags_in(&self.reports())
    }
}

/// Sealed packages are read-only; make the scratch folder removable again.
impl Drop for Project {
    fn drop(&mut self) {
        make_writable(self.path());
    }
}

pub fn make_writable(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    if let Ok(meta) = std::fs::symlink_metadata(dir) {
        if meta.is_dir() {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755));
            if let Ok(entries) = std::fs::read_dir(dir) {
                for entry in entries.flatten() {
                    make_writable(&entry.path());
                }
            }
        } else if meta.is_file() {
            let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o644));
        }
    }
}

/// Bag folders: the folders below `reports` that hold a bagit.txt.
pub fn bags_in(reports: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for region in std::fs::read_dir(reports).into_iter().flatten().flatten() {
        if region.file_name().to_string_lossy().starts_with('.') || !region.path().is_dir() {
            continue;
        }
        for year in std::fs::read_dir(region.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            for bag in std::fs::read_dir(year.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if bag.path().join("bagit.txt").exists() {
                    out.push(bag.path());
                }
            }
        }
    }
    out.sort();
    out
}

/// Every file below `dir` (hidden ones included) with its bytes.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if entry.file_type().unwrap().is_dir() {
            out.extend(snapshot(&path));
        } else {
            out.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    out
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

impl Run {
    /// The PDF paths printed on stdout.
    pub fn pdfs(&self) -> Vec<PathBuf> {
        self.stdout
            .lines()
            .filter(|l| l.ends_with(".pdf"))
            .map(PathBuf::from)
            .collect()
    }
    pub fn assert_ok(&self) -> &Run {
        assert_eq!(
            self.code, 0,
            "exit code {}\nstdout:\n{}\nstderr:\n{}",
            self.code, self.stdout, self.stderr
        );
        self
    }
}

/// Runs an external checker; a missing tool fails the test with the package to install.
pub fn tool(program: &str, args: &[&str]) -> Run {
    let output = Command::new(program).args(args).output().unwrap_or_else(|e| {
        panic!("cannot run {program}: {e}; install it (apt-get install poppler-utils qpdf) or run .ci/run")
    });
    Run::from(output)
}

pub fn pdftotext(pdf: &Path) -> String {
    let run = tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"]);
    assert_eq!(run.code, 0, "pdftotext failed: {}", run.stderr);
    run.stdout
}

/// pdftotext's text with all white space removed, for finding phrases that the layout
/// may have broken across lines or spaced out.
pub fn squashed_text(pdf: &Path) -> String {
    pdftotext(pdf)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// The jars of Apache PDFBox Preflight 2 as Debian installs them (libpdfbox2-java; the
/// activation and JAXB jars are needed on Java 11 and later).
const PREFLIGHT_JARS: [&str; 7] = [
    "preflight.jar",
    "pdfbox2.jar",
    "fontbox2.jar",
    "xmpbox.jar",
    "commons-logging.jar",
    "javax.activation.jar",
    "jaxb-api.jar",
];

/// Runs Apache PDFBox Preflight's PDF/A-1b validator on a file; exit code 0 means valid.
pub fn preflight_pdfa_1b(pdf: &Path) -> Run {
    let java_dir = Path::new("/usr/share/java");
    let missing: Vec<&str> = PREFLIGHT_JARS
        .iter()
        .copied()
        .filter(|jar| !java_dir.join(jar).exists())
        .collect();
    assert!(missing.is_empty(), "Preflight jars missing from {}: {missing:?}; apt-get install libpdfbox2-java libactivation-java libjaxb-api-java (or run .ci/run)", java_dir.display());
    let classpath = PREFLIGHT_JARS
        .map(|jar| java_dir.join(jar).to_string_lossy().into_owned())
        .join(":");
    let output = Command::new("java")
        .args([
            "-cp",
            &classpath,
            "org.apache.pdfbox.preflight.Validator_A1b",
        ])
        .arg(pdf)
        .output()
        .unwrap_or_else(|e| {
            panic!("cannot run java: {e}; apt-get install default-jre-headless (or run .ci/run)")
        });
    Run::from(output)
}

/// Every `.rs` file under `dir`, at any depth.
pub fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Rows of the stress region's table by county: more than a page holds.
pub const STRESS_COUNTIES: usize = 60;

/// The stress region of issue 14 (tests/editorial.rs): the bundled 示例市 with its 2023
/// figures changed to a tenfold funding jump stated approximately, no new posts, a flat
/// workforce, an approximate training figure, two honours with people named and a table
/// by county longer than a page.
pub fn stress_project() -> Project {
    const FILE_2023: &str = "metrics/990100-示例市/2023.yaml";
    const FILE_2022: &str = "metrics/990100-示例市/2022.yaml";
    let project = Project::new();
    let counties: String = (1..=STRESS_COUNTIES)
        .map(|n| {
            format!(
                "  - {{name: 示例{n}县, workers: {}, stations_built: {}, stations_total: 12}}\n",
                20 + n,
                n % 13
            )
        })
        .collect();
    let this_year = project
        .read(FILE_2023)
        .replace("  total_yuan: 16800000", "  total_yuan: {value: 143000000, qualifier: over}")
        .replace("  new_posts: 50\n", "  new_posts: 0\n")
        .replace(
            "  new_posts_by_field:\n    - field: 养老服务\n      count: 25\n    - field: 儿童关爱\n      count: 25\n",
            "",
        )
        .replace(
            "  workers: 760\n",
            "  workers: 690\n  honours:\n    - {title: 示例市优秀社会工作者, count: 4, names: [李某, 王某]}\n    - {title: 示例市社会工作领军人才, count: 2, names: [赵某, 钱某]}\n",
        )
        .replace("  person_times: 3200", "  person_times: {value: 3200, qualifier: over}")
        .replace("  training_hours_per_worker: 40\n  supervision_hours_per_worker: 24\n", "")
        + "subregions:\n"
        + &counties;
    project.write(FILE_2023, this_year.as_bytes());
    let last_year = project.read(FILE_2022).replace(
        "  total_yuan: 14300000",
        "  total_yuan: {value: 14300000, qualifier: over}",
    );
    project.write(FILE_2022, last_year.as_bytes());
    project
}
