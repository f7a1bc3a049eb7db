//! Integration tests, built as one test binary (`all`) so they link once.

mod config_file;
mod tls;
mod wait_notify;
