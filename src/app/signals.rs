//! The shutdown signal the service is given: SIGTERM (systemd's stop) or Ctrl-C.

use tokio::signal::unix::{signal, SignalKind};

/// Resolves when the process is asked to stop. Should a handler fail to install (it
/// does not on Linux), the error is logged and the other signal alone stops it.
pub async fn shutdown_requested() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!("cannot listen for Ctrl-C: {e}");
            std::future::pending::<()>().await;
        }
    };
    match signal(SignalKind::terminate()) {
        Ok(mut term) => {
            tokio::select! {
                _ = ctrl_c => {}
                _ = term.recv() => {}
            }
        }
        Err(e) => {
            tracing::error!("cannot listen for SIGTERM ({e}); only Ctrl-C stops the service");
            ctrl_c.await;
        }
    }
}
