//! `sample` runs small guest programs in a sandbox and reads its configuration from a file.
//!
//! ```
//! let config = sample::config::Config::parse("timeout = 250ms\n").unwrap();
//! assert_eq!(config.timeout.as_millis(), 250);
//! ```

pub mod config;
pub mod duration;
pub mod sandbox;

/// The version printed by `sample --version`.
pub fn version() -> &'static str {
    env!("CARGO_PKG_VERSION")
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_is_semver() {
        let parts: Vec<&str> = super::version().split('.').collect();
        assert_eq!(parts.len(), 3);
        assert!(parts.iter().all(|p| p.parse::<u32>().is_ok()));
    }
}
