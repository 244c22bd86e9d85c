//! The `command` channel: a program run without a shell, with the PDF's path and the
//! record's fields in its environment. Exit status 0 means delivered. Its output goes
//! to sw-briefing's stderr (the journal); a program that outlives the channel's
//! `timeout_seconds` is killed and the attempt counts as failed.

use super::messages;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs `argv` with `env` added to the environment; waits at most `timeout`.
pub fn deliver(argv: &[String], env: &[(String, String)], timeout: Duration) -> Result<(), String> {
    let Some((program, args)) = argv.split_first() else {
        return Err(messages::command_empty());
    };
    let stderr = || {
        use std::os::fd::AsFd;
        std::io::stderr()
            .as_fd()
            .try_clone_to_owned()
            .map(Stdio::from)
            .unwrap_or_else(|_| Stdio::null())
    };
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdin(Stdio::null())
        .stdout(stderr())
        .stderr(stderr())
        .spawn()
        .map_err(|e| messages::command_not_started(program, &e))?;
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => return Err(messages::command_failed(program, &status)),
            Ok(None) if started.elapsed() >= timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(messages::command_timed_out(program, timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(messages::command_not_started(program, &e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_status_and_timeout_decide() {
        let sh = |script: &str| vec!["/bin/sh".to_string(), "-c".into(), script.into()];
        let env = vec![("SW_BRIEFING_TITLE".to_string(), "题名".to_string())];
        assert!(deliver(&sh("test \"$SW_BRIEFING_TITLE\" = 题名"), &env, Duration::from_secs(10)).is_ok());
        assert!(deliver(&sh("exit 3"), &env, Duration::from_secs(10))
            .unwrap_err()
            .contains('3'));
        assert!(deliver(&sh("sleep 5"), &env, Duration::from_millis(200)).is_err());
        assert!(deliver(&["/nonexistent/program".to_string()], &env, Duration::from_secs(1)).is_err());
    }
}
