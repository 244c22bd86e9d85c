//! Problems a user can cause, each tied to a file and a place in it.
//!
//! Loading collects every problem of a run instead of stopping at the first, so a
//! clerk can fix a whole file in one pass. Each problem says where, what was found,
//! what was expected and what to do.

use crate::i18n::tr;
use std::fmt;
use std::path::{Path, PathBuf};

/// One thing wrong with an input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
    /// The catalogue id of the message, where another part of the program words the
    /// same finding its own way (the clerk's form names the rule in its own terms): the
    /// message text is in the process's language and cannot be matched.
    pub rule: Option<&'static str>,
}

impl Problem {
    pub fn new(file: &Path, line: u64, column: u64, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_path_buf(),
            line,
            column,
            message: message.into(),
            hint: None,
            rule: None,
        }
    }

    pub fn whole_file(file: &Path, message: impl Into<String>) -> Self {
        Self::new(file, 0, 0, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_rule(mut self, id: &'static str) -> Self {
        self.rule = Some(id);
        self
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n{}", tr!("help-line", hint = hint))?;
        }
        Ok(())
    }
}

/// All problems found in one run; an error only when non-empty.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    pub fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn extend(&mut self, other: Problems) {
        self.0.extend(other.0);
    }
    /// `Ok(value)` when nothing was found wrong.
    pub fn into_result<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{}", tr!("error-line", message = problem.to_string()))?;
        }
        write!(f, "{}", tr!("problems-found", count = self.0.len()))
    }
}

impl std::error::Error for Problems {}
